import { describe, expect, it } from 'vitest';
import { readFixtureRows } from '../urls/read-fixture-rows.js';
import { runBatchRow } from '../urls/run-batch-row.js';
import { codeScanner, findCode } from './index.js';
import { classifyCode } from './language-signals.js';

const options = { inline: true, minInlineLength: 12, unfenced: true };

describe('classifyCode', () => {
  const cases: [string, string][] = [
    ['python', 'def greet(name):\n    return f"hi {name}"\n\nif __name__ == "__main__":\n    print(greet("x"))'],
    ['javascript', "const fs = require('fs');\nconsole.log(fs.readFileSync('a.txt', 'utf8'));"],
    ['typescript', "interface User {\n  id: number;\n}\nexport const name: string = 'x';"],
    ['shell', 'sudo apt-get update && sudo apt-get install -y nginx\nls -la /etc | grep nginx'],
    ['sql', "SELECT id FROM accounts WHERE owner = 'bob' ORDER BY id;"],
    ['html', '<!DOCTYPE html>\n<html><body><div class="x">hi</div></body></html>'],
    ['c', '#include <stdio.h>\nint main(void) {\n  printf("hi");\n}'],
    ['cpp', '#include <iostream>\nint main() {\n  std::cout << "hi";\n}'],
    ['java', 'public class Main {\n  public static void main(String[] args) {\n    System.out.println("hi");\n  }\n}'],
    ['go', 'package main\n\nfunc main() {\n\tx := 1\n\tfmt.Println(x)\n}'],
    ['rust', 'fn main() {\n    let mut v = vec![1, 2];\n    println!("{:?}", v);\n}'],
    ['powershell', 'Get-Process | Where-Object { $_.CPU -gt 100 }\nInvoke-WebRequest -Uri $url'],
    ['csharp', 'using System;\nclass A { static void Main() { Console.WriteLine("hi"); } }'],
    ['php', '<?php echo $user->name; ?>'],
  ];
  for (const [language, code] of cases) {
    it(`recognises ${language}`, () => {
      expect(classifyCode(code.split('\n')).language).toBe(language);
    });
  }
});

describe('findCode', () => {
  it('reports fenced blocks with exact spans, also with tildes and unclosed fences', () => {
    const text = 'Intro\n~~~js\nlet a = 1;\n~~~\nMiddle\n```bash\nrm -rf /tmp/x';
    const blocks = findCode(text, options);
    expect(blocks.map((block) => [block.language, block.kind, block.source])).toEqual([
      ['javascript', 'fenced', 'info-string'],
      ['shell', 'fenced', 'info-string'],
    ]);
    expect(text.slice(blocks[0]?.span.start, blocks[0]?.span.end)).toBe('~~~js\nlet a = 1;\n~~~');
    expect(text.slice(blocks[1]?.span.start, blocks[1]?.span.end)).toBe('```bash\nrm -rf /tmp/x');
  });

  it('keeps unknown info strings as their own language and plain ones as heuristics', () => {
    expect(findCode('```yml\na: 1\n```', options)[0]?.language).toBe('yaml');
    expect(findCode('```text\nhello world\n```', options)[0]?.language).toBe('unknown');
  });

  it('finds unfenced code runs but not prose', () => {
    const text =
      'You can do it like this:\n\nimport requests\nresponse = requests.get(url)\nprint(response.json())\n\nHope it helps.';
    const blocks = findCode(text, options);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.language).toBe('python');
    expect(text.slice(blocks[0]?.span.start, blocks[0]?.span.end)).toBe(
      'import requests\nresponse = requests.get(url)\nprint(response.json())',
    );
    expect(findCode('I went home. Then I cooked dinner; it was great.\nThe end.', options)).toEqual([]);
  });
});

describe('codeScanner', () => {
  it('reports every language by default at low severity, forbidden ones at high severity', async () => {
    const text = '```python\nprint(1)\n```\n```sql\nSELECT 1 FROM t;\n```';
    const all = await runBatchRow(codeScanner, {}, { text });
    expect(all.findings.map((finding) => finding.category)).toEqual(['code.python', 'code.sql']);
    const scanner = await codeScanner.create(codeScanner.configSchema.parse({ languages: ['SQL'] }));
    const { createScanContext } = await import('../urls/run-batch-row.js');
    const outcome = await scanner.scan(createScanContext(text));
    expect(outcome.findings.map((finding) => [finding.category, finding.severity])).toEqual([['code.sql', 'high']]);
  });

  it('can ignore inline and unfenced code', async () => {
    const text = 'Type `sudo rm -rf /var/cache/apt` now.';
    expect((await runBatchRow(codeScanner, {}, { text })).findings).toHaveLength(1);
    expect((await runBatchRow(codeScanner, { inline: false }, { text })).findings).toEqual([]);
  });

  it('waits for the end of a fence line before trusting its info string', async () => {
    expect(findCode('Here:\n```c', options)).toEqual([]);
    expect(findCode('Here:\n```csharp\n', options)[0]?.language).toBe('csharp');
  });

  it('terminates on adversarial input', () => {
    const text = `${'SELECT '.repeat(3_000)}\n${'<div '.repeat(3_000)}\n${'`'.repeat(5_000)}\n${'def a(:'.repeat(500)}`;
    expect(Array.isArray(findCode(text, options))).toBe(true);
  });

  it('passes its JSONL fixture through the batch contract', async () => {
    for (const row of readFixtureRows(new URL('./fixtures.jsonl', import.meta.url))) {
      const result = await runBatchRow(codeScanner, row.config ?? {}, row);
      expect([...new Set(result.findings.map((finding) => finding.category))], row.note ?? row.text).toEqual(
        row.expect,
      );
    }
  });
});
