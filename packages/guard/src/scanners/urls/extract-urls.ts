import type { Span } from '../../scanner/types.js';

/** Where a URL sits in the text; renderers fetch `*-image` and `html-frame` targets without a click. */
export type UrlPlacement =
  | 'markdown-image'
  | 'markdown-link'
  | 'reference-image'
  | 'reference-link'
  | 'html-image'
  | 'html-frame'
  | 'html-link'
  | 'html-other'
  | 'bare';

/** One URL found in a text. */
export interface ExtractedUrl {
  /** The URL exactly as written (span covers it). */
  readonly raw: string;
  /** The target after HTML-entity decoding and removal of the whitespace browsers ignore. */
  readonly target: string;
  readonly span: Span;
  readonly placement: UrlPlacement;
  /** Parsed form when `target` is an absolute (or protocol-relative / `www.`) URL. */
  readonly url?: URL;
  /**
   * The URL runs to the very end of the text while still inside its host: in a streaming window
   * the host may be cut off (`https://cdn.exam|ple.com`) and must not be judged by its name alone.
   */
  readonly truncated: boolean;
}

// Every pattern below is a fixed prefix followed by bounded or single character-class runs: no
// nested or overlapping quantifiers. Bracketed runs exclude their own opening character (`[`,
// `<`), so a run never extends over the next candidate start: matching stays linear even on
// inputs like `[![[![…` or `<img <img …`.
const markdownImagePattern = /!\[([^[\]\n]{0,500})\]\([ \t]{0,8}<?([^\s)>]{1,4096})/dg;
const markdownLinkPattern = /(?<!!)\[([^[\]\n]{0,500})\]\([ \t]{0,8}<?([^\s)>]{1,4096})/dg;
const referenceDefinitionPattern = /^ {0,3}\[([^[\]\n]{1,200})\]:[ \t]{0,8}<?([^\s>]{1,4096})/dgm;
const referenceImageFullPattern = /!\[([^[\]\n]{0,500})\]\[([^[\]\n]{0,200})\]/g;
const referenceImageShortPattern = /!\[([^[\]\n]{1,200})\](?![[(])/g;
const htmlTagPattern =
  /<(img|image|picture|source|video|audio|track|embed|object|iframe|frame|script|link|a|area|form|input|button|body|table|td|use|meta|base)\b([^<>]{0,4096})>/dgi;
const htmlAttributePattern =
  /(?:^|[\s"'/])(src|href|srcset|data|action|formaction|poster|background|xlink:href|content|lowsrc|dynsrc)[ \t\n]{0,8}=[ \t\n]{0,8}(?:"([^"]{0,8192})"|'([^']{0,8192})'|([^\s"'>]{1,8192}))/dgi;
// CSS `url(…)` in style attributes or <style> blocks: browsers fetch it like an image.
const cssUrlPattern = /\burl\([ \t]{0,8}['"]?([^'"()\s<>]{1,4096})/dgi;
const bareUrlPattern = /\b(?:(?:https?|ftps?|wss?|file):\/\/|www\.)[^\s<>"'`{}|\\^]{1,4096}/gi;
// Scheme-less domains ("visit paypa1.com/login"), limited to common and abused top-level domains so
// that file names (`index.js`, `setup.py`) and code (`os.path`) do not count. Labels exclude the
// dot, so the repetition cannot overlap itself.
const bareDomainPattern =
  /(?<![\p{L}\p{N}._@/-])[\p{L}\p{N}][\p{L}\p{N}-]{0,62}(?:\.[\p{L}\p{N}][\p{L}\p{N}-]{0,62}){0,5}\.(?:com|net|org|io|co|ru|cn|su|xyz|top|info|biz|app|dev|me|us|uk|de|fr|online|site|shop|live|club|click|link|tk|ml|ga|cf|gq|icu|pw|ly|to|cc|ws|zip|mov)(?![\p{L}\p{N}-])(?:[/?#][^\s<>"'`{}|\\^]{0,4096})?/gu;
const scriptSchemePattern = /\b(?:javascript|vbscript|livescript):[^\s<>"'`]{1,4096}/gi;
const dataUriPattern = /\bdata:[a-z]{1,40}\/[a-z0-9.+-]{1,80}[;,][^\s<>"'`)]{0,200000}/gi;

const imageTags = new Set([
  'img',
  'image',
  'picture',
  'source',
  'video',
  'audio',
  'track',
  'input',
  'body',
  'table',
  'td',
]);
const frameTags = new Set(['iframe', 'frame', 'embed', 'object', 'script', 'link', 'use', 'meta', 'base']);
const linkTags = new Set(['a', 'area', 'form', 'button']);

const namedEntities: Readonly<Record<string, string>> = {
  amp: '&',
  colon: ':',
  sol: '/',
  period: '.',
  lpar: '(',
  rpar: ')',
  tab: '\t',
  newline: '\n',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  equals: '=',
  quest: '?',
  num: '#',
  percnt: '%',
};

/**
 * Decodes HTML character references the way a browser does inside attribute values.
 *
 * @example
 * decodeHtmlEntities('&#106;avascript&colon;'); // 'javascript:'
 */
export function decodeHtmlEntities(value: string): string {
  return value.replace(/&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[a-zA-Z]{2,10});?/g, (entity, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return namedEntities[body.toLowerCase()] ?? entity;
  });
}

/**
 * Removes the characters browsers drop from URLs (tab, newline, C0 controls) and trims spaces.
 *
 * @example
 * cleanTarget(' java\tscript:x '); // 'javascript:x'
 */
export function cleanTarget(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]/g, '').trim();
}

/**
 * Parses a written URL target; protocol-relative (`//host`) and `www.` targets count as https, and
 * so do scheme-less domains when `schemeless` is set (prose, not markdown/HTML targets).
 *
 * @example
 * parseTarget('//evil.example/x')?.hostname; // 'evil.example'
 */
export function parseTarget(target: string, schemeless = false): URL | undefined {
  let candidate = target;
  if (candidate.startsWith('//')) candidate = `https:${candidate}`;
  else if (/^www\./i.test(candidate)) candidate = `https://${candidate}`;
  else if (!/^[a-z][a-z0-9+.-]{0,30}:/i.test(candidate)) {
    // A scheme-less domain found in prose (`evil.example.com/path`); in markdown or HTML targets
    // the same text is a relative path.
    if (!schemeless || !/^[\p{L}\p{N}][\p{L}\p{N}-]*(?:\.[\p{L}\p{N}-]+)+(?:[/?#]|$)/u.test(candidate))
      return undefined;
    candidate = `https://${candidate}`;
  }
  try {
    return new URL(candidate);
  } catch {
    return undefined;
  }
}

function trimTrailing(raw: string): string {
  let end = raw.length;
  while (end > 0) {
    const last = raw[end - 1] ?? '';
    if ('.,;:!?\'"*_~'.includes(last)) {
      end--;
      continue;
    }
    if (last === ')' || last === ']') {
      const open = last === ')' ? '(' : '[';
      const body = raw.slice(0, end);
      const opens = body.split(open).length - 1;
      const closes = body.split(last).length - 1;
      if (closes > opens) {
        end--;
        continue;
      }
    }
    break;
  }
  return raw.slice(0, end);
}

function overlaps(taken: Uint8Array, span: Span): boolean {
  for (let index = span.start; index < span.end; index++) if (taken[index] === 1) return true;
  return false;
}

function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Finds every URL in a text with the place it sits in: markdown images and links (inline and
 * reference-style), HTML attributes (`src`, `href`, `srcset`…), bare URLs, and `data:` /
 * `javascript:` targets. Spans are on the given text; each URL is reported once.
 *
 * @example
 * extractUrls('![x](https://evil.example/p.png?d=1)')[0]?.placement; // 'markdown-image'
 */
export function extractUrls(text: string): readonly ExtractedUrl[] {
  const found: ExtractedUrl[] = [];
  // Characters already inside a reported URL: checking a span costs its own length, so the
  // de-duplication stays linear however many URLs there are.
  const taken = new Uint8Array(text.length);
  const add = (raw: string, start: number, placement: UrlPlacement, decode: boolean, schemeless = false): void => {
    const span = { start, end: start + raw.length };
    if (raw.length === 0 || overlaps(taken, span)) return;
    const target = cleanTarget(decode ? decodeHtmlEntities(raw) : raw);
    const url = parseTarget(target, schemeless);
    taken.fill(1, span.start, span.end);
    // Trailing punctuation trimmed off a bare URL may be the start of the rest of its host.
    const atEnd = text.length - span.end <= 8 && /^[.,;:!?'"*_~)\]-]*$/.test(text.slice(span.end));
    const truncated = atEnd && !/[/?#\\]/.test(target.replace(/^[a-z][a-z0-9+.-]{0,30}:/i, '').replace(/^\/\//, ''));
    found.push(url ? { raw, target, span, placement, url, truncated } : { raw, target, span, placement, truncated });
  };

  for (const match of text.matchAll(markdownImagePattern)) {
    const group = match.indices?.[2];
    if (group && match[2]) add(match[2], group[0], 'markdown-image', false);
  }
  for (const match of text.matchAll(markdownLinkPattern)) {
    const group = match.indices?.[2];
    if (group && match[2]) add(match[2], group[0], 'markdown-link', false);
  }

  const imageLabels = new Set<string>();
  for (const match of text.matchAll(referenceImageFullPattern)) {
    imageLabels.add(normaliseLabel(match[2] || match[1] || ''));
  }
  for (const match of text.matchAll(referenceImageShortPattern)) imageLabels.add(normaliseLabel(match[1] ?? ''));
  for (const match of text.matchAll(referenceDefinitionPattern)) {
    const group = match.indices?.[2];
    if (!group || !match[2]) continue;
    const placement = imageLabels.has(normaliseLabel(match[1] ?? '')) ? 'reference-image' : 'reference-link';
    add(match[2], group[0], placement, false);
  }

  for (const tag of text.matchAll(htmlTagPattern)) {
    const tagName = (tag[1] ?? '').toLowerCase();
    const attributes = tag[2] ?? '';
    const attributesStart = tag.indices?.[2]?.[0] ?? 0;
    for (const attribute of attributes.matchAll(htmlAttributePattern)) {
      const name = (attribute[1] ?? '').toLowerCase();
      const valueIndex = attribute[2] !== undefined ? 2 : attribute[3] !== undefined ? 3 : 4;
      const value = attribute[valueIndex];
      const range = attribute.indices?.[valueIndex];
      if (value === undefined || !range) continue;
      const placement: UrlPlacement =
        name === 'href' && linkTags.has(tagName)
          ? 'html-link'
          : name === 'action' || name === 'formaction'
            ? 'html-link'
            : imageTags.has(tagName)
              ? 'html-image'
              : frameTags.has(tagName)
                ? 'html-frame'
                : 'html-other';
      if (name === 'srcset') {
        let offset = 0;
        for (const candidate of value.split(',')) {
          const leading = candidate.length - candidate.trimStart().length;
          const urlPart = candidate.trim().split(/\s/)[0] ?? '';
          add(urlPart, attributesStart + range[0] + offset + leading, placement, true);
          offset += candidate.length + 1;
        }
      } else if (name === 'content') {
        // <meta http-equiv="refresh" content="0; url=https://…">
        const refresh = /url[ \t]{0,4}=[ \t]{0,4}(\S{1,4096})/i.exec(value);
        if (refresh?.[1])
          add(
            refresh[1],
            attributesStart + range[0] + refresh.index + refresh[0].length - refresh[1].length,
            placement,
            true,
          );
      } else {
        add(value, attributesStart + range[0], placement, true);
      }
    }
  }

  for (const match of text.matchAll(cssUrlPattern)) {
    const group = match.indices?.[1];
    if (group && match[1]) add(match[1], group[0], 'html-image', true);
  }

  for (const pattern of [bareUrlPattern, scriptSchemePattern, dataUriPattern, bareDomainPattern]) {
    for (const match of text.matchAll(pattern)) {
      const raw = pattern === dataUriPattern ? match[0] : trimTrailing(match[0]);
      add(raw, match.index, 'bare', false, pattern === bareDomainPattern);
    }
  }
  return found.sort((left, right) => left.span.start - right.span.start);
}
