// Per-line signals of programming languages. Each pattern is tested against one line, starts
// with a fixed token or anchor, and has no nested quantifiers, so classification is linear.

/** A language with weighted line patterns. */
interface LanguageSignals {
  readonly language: string;
  readonly signals: readonly (readonly [RegExp, number])[];
}

/**
 * Weighted per-line patterns for each language.
 *
 * @example
 * languageSignals.map((entry) => entry.language); // ['python', 'javascript', …]
 */
export const languageSignals: readonly LanguageSignals[] = [
  {
    language: 'python',
    signals: [
      [/^\s*def \w+\(.*\)\s*(?:->\s*[\w[\], .]+)?:\s*$/, 3],
      [/^\s*(?:from [\w.]+ )?import [\w.]+(?: as \w+)?(?:, [\w.]+)*\s*$/, 2],
      [/^\s*class \w+(?:\([\w., ]*\))?:\s*$/, 3],
      [/^\s*(?:if|elif|while|for|with|try|except|else)\b.*:\s*$/, 1.5],
      [/\bprint\(/, 1],
      [/\bself\.\w+/, 1.5],
      [/__name__ == ['"]__main__['"]|__init__/, 3],
      [/^\s*@\w+(?:\.\w+)*(?:\(.*\))?\s*$/, 1],
      [/\b(?:None|True|False)\b/, 0.5],
    ],
  },
  {
    language: 'javascript',
    signals: [
      [/^\s*(?:const|let|var) [\w$]+ = /, 2],
      [/=> ?[{(]|\) => /, 1.5],
      [/\bfunction [\w$]*\s*\(/, 2],
      [/\bconsole\.(?:log|error|warn)\(/, 3],
      [/\brequire\(['"]|\bmodule\.exports\b/, 3],
      [/\bdocument\.(?:getElementById|querySelector|cookie|body)\b|\bwindow\.\w+/, 2.5],
      [/ === | !== /, 1.5],
      [/^\s*import .+ from ['"][^'"]+['"];?\s*$/, 2],
      [/^\s*export (?:default |const |function |class )/, 2],
      [/\bawait fetch\(|\.then\(/, 1.5],
    ],
  },
  {
    language: 'typescript',
    signals: [
      [/^\s*(?:export )?interface \w+(?:<[^>]*>)? \{/, 3],
      [/^\s*(?:export )?type \w+(?:<[^>]*>)? = /, 3],
      [/: (?:string|number|boolean|unknown|void|never|any)(?:\[\])?[,;)= ]/, 2.5],
      [/\bas const\b|\breadonly \w+:|<\w+>\(/, 1.5],
    ],
  },
  {
    language: 'shell',
    signals: [
      [/^#!\/(?:usr\/)?bin\/(?:env )?(?:ba|z)?sh/, 4],
      [/^\s*\$ \S/, 2],
      [
        /^\s*(?:sudo|apt-get|apt|yum|dnf|brew|curl|wget|chmod|chown|mkdir|rm|cp|mv|echo|export|cd|ls|cat|grep|tar|ssh|scp|systemctl|docker|kubectl|pip|npm|npx|git|nc|bash|sh) /,
        2,
      ],
      [/\| ?(?:grep|awk|sed|xargs|sh|bash|sort|uniq|head|tail)\b/, 2],
      [/ && |\$\(\w/, 1],
      [/^\s*(?:if \[|fi$|done$|then$|esac$)/, 2.5],
      [/\brm -rf\b|\/dev\/null|2>&1/, 2.5],
    ],
  },
  {
    language: 'sql',
    signals: [
      [/\bSELECT\b.{1,300}?\bFROM\b/i, 3],
      [/\b(?:INSERT INTO|DELETE FROM|CREATE TABLE|DROP TABLE|ALTER TABLE|CREATE INDEX|TRUNCATE TABLE)\b/i, 3],
      [/\bUPDATE \w+ SET\b/i, 3],
      [/\b(?:WHERE|GROUP BY|ORDER BY|INNER JOIN|LEFT JOIN|UNION SELECT)\b/, 1.5],
      [/;\s*--|' OR '1'='1/i, 2],
    ],
  },
  {
    language: 'html',
    signals: [
      [/<!DOCTYPE html|<html[\s>]/i, 4],
      [
        /<(?:div|span|p|a|img|ul|ol|li|table|tr|td|head|body|form|input|button|script|style|section|nav|header|footer|h[1-6])(?:\s[^>]{0,300})?>/i,
        2,
      ],
      [
        /<\/(?:div|span|p|a|ul|ol|li|table|tr|td|head|body|form|button|script|style|section|nav|header|footer|h[1-6])>/i,
        2,
      ],
    ],
  },
  {
    language: 'c',
    signals: [
      [/^\s*#include ?[<"][\w./]+[>"]/, 3],
      [/\bint main ?\(/, 3],
      [/\b(?:printf|scanf|malloc|free|memcpy|strcpy|sizeof)\(/, 2],
      [/^\s*(?:static )?(?:void|int|char|float|double|long|unsigned) \**\w+ ?\([^)]*\) ?\{?\s*$/, 2],
      [/^\s*#define \w+/, 2],
    ],
  },
  {
    language: 'cpp',
    signals: [
      [/\bstd::\w+/, 3],
      [/\b(?:cout|cin|cerr) ?<<|>> ?cin/, 3],
      [/^\s*#include ?<(?:iostream|vector|string|map|memory|algorithm)>/, 3],
      [/^\s*(?:template ?<|namespace \w+|using namespace )/, 3],
    ],
  },
  {
    language: 'csharp',
    signals: [
      [/^\s*using System(?:\.\w+)*;/, 4],
      [/\bConsole\.(?:WriteLine|ReadLine)\(/, 4],
      [/^\s*(?:public |private |internal )?(?:static )?(?:async )?(?:Task|void|string|int) \w+\(.*\)\s*$/, 1],
      [/\bvar \w+ = new \w+/, 1.5],
    ],
  },
  {
    language: 'java',
    signals: [
      [/\bpublic (?:static )?(?:final )?(?:class|interface|void|int|String)\b/, 2.5],
      [/\bSystem\.out\.print(?:ln)?\(/, 4],
      [/^\s*import java(?:x)?\.[\w.*]+;/, 4],
      [/^\s*@Override\b/, 3],
      [/\bString\[\] args\b/, 4],
    ],
  },
  {
    language: 'go',
    signals: [
      [/^package \w+\s*$/, 3],
      [/^func (?:\([^)]*\) )?\w+\(/, 3],
      [/ := /, 1.5],
      [/\bfmt\.(?:Print|Sprint|Fprint|Errorf)/, 3],
      [/^import \($|^\s*"(?:fmt|os|net\/http|strings|context)"$/, 3],
      [/\bif err != nil\b/, 3],
    ],
  },
  {
    language: 'rust',
    signals: [
      [/^\s*(?:pub )?fn \w+(?:<[^>]*>)?\(/, 3],
      [/\blet mut \w+/, 3],
      [/\b(?:println|format|vec|panic)!\(/, 3],
      [/^\s*use (?:std|crate|super)::/, 3],
      [/^\s*impl(?:<[^>]*>)? \w+/, 2.5],
      [/&(?:mut )?str\b|\bOption<|\bResult</, 1.5],
    ],
  },
  {
    language: 'powershell',
    signals: [
      [/\b(?:Get|Set|New|Remove|Invoke|Start|Stop|Write|Import|Add|ConvertTo|ConvertFrom)-[A-Z]\w+/, 3],
      [/^\s*\$\w+ ?= /, 1],
      [/-ExecutionPolicy\b|-EncodedCommand\b|\bIEX\b|\[System\.\w+/i, 3],
      [/^\s*param ?\(/i, 2],
    ],
  },
  {
    language: 'php',
    signals: [
      [/<\?php/, 5],
      [/\$\w+->\w+|\$_(?:GET|POST|REQUEST|SERVER)\b/, 3],
      [/\becho \$\w+/, 2],
    ],
  },
  {
    language: 'ruby',
    signals: [
      [/^\s*def \w+[?!]?(?:\(.*\))?\s*$/, 2],
      [/^\s*end\s*$/, 1],
      [/\bputs /, 2],
      [/^\s*require ['"]\w+['"]\s*$/, 2],
      [/\.each do \|\w+\|/, 3],
    ],
  },
];

/**
 * Fenced info strings and their canonical language.
 *
 * @example
 * languageAliases['py']; // 'python'
 */
export const languageAliases: Readonly<Record<string, string>> = {
  py: 'python',
  python3: 'python',
  py3: 'python',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  node: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  console: 'shell',
  shellsession: 'shell',
  terminal: 'shell',
  ps: 'powershell',
  ps1: 'powershell',
  pwsh: 'powershell',
  'c++': 'cpp',
  cc: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  h: 'c',
  cs: 'csharp',
  'c#': 'csharp',
  golang: 'go',
  rs: 'rust',
  rb: 'ruby',
  htm: 'html',
  xhtml: 'html',
  postgres: 'sql',
  postgresql: 'sql',
  mysql: 'sql',
  sqlite: 'sql',
  plsql: 'sql',
  tsql: 'sql',
  yml: 'yaml',
};

/**
 * Info strings that say nothing about the language.
 *
 * @example
 * plainInfoStrings.has('text'); // true
 */
export const plainInfoStrings = new Set(['', 'text', 'txt', 'plain', 'plaintext', 'code', 'output']);

/**
 * Scores the lines of a snippet for each language; TypeScript includes JavaScript's evidence and
 * C++ includes C's.
 *
 * @example
 * classifyCode(['def main():', '    print("hi")']); // { language: 'python', strength: 4 }
 */
export function classifyCode(lines: readonly string[]): { language: string; strength: number } {
  const totals = new Map<string, number>();
  for (const { language, signals } of languageSignals) {
    let total = 0;
    for (const [pattern, weight] of signals) {
      let hits = 0;
      for (const line of lines) {
        if (line.length <= 2_000 && pattern.test(line)) hits++;
      }
      // Diminishing returns: the second hit of a signal counts half, later ones little.
      if (hits > 0) total += weight * Math.min(2, 1 + Math.log2(hits) / 2);
    }
    totals.set(language, total);
  }
  const javascript = totals.get('javascript') ?? 0;
  const typescript = totals.get('typescript') ?? 0;
  if (typescript > 0) totals.set('typescript', typescript + javascript);
  const c = totals.get('c') ?? 0;
  const cpp = totals.get('cpp') ?? 0;
  if (cpp > 0) totals.set('cpp', cpp + c);
  let best = { language: 'unknown', strength: 0 };
  for (const [language, strength] of totals) {
    if (strength > best.strength) best = { language, strength: Math.round(strength * 100) / 100 };
  }
  return best;
}
