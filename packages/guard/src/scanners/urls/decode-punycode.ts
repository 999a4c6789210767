// RFC 3492 Punycode decoding. The URL API already encodes IDN hosts to `xn--` labels, but the
// reverse (`domainToUnicode`) lives only in `node:url`; this keeps the core edge-safe.

const base = 36;
const tMin = 1;
const tMax = 26;
const skew = 38;
const damp = 700;
const initialBias = 72;
const initialCodePoint = 128;
const maxInteger = 0x7fffffff;

function adapt(delta: number, pointCount: number, firstTime: boolean): number {
  let scaled = firstTime ? Math.floor(delta / damp) : delta >> 1;
  scaled += Math.floor(scaled / pointCount);
  let k = 0;
  while (scaled > ((base - tMin) * tMax) >> 1) {
    scaled = Math.floor(scaled / (base - tMin));
    k += base;
  }
  return k + Math.floor(((base - tMin + 1) * scaled) / (scaled + skew));
}

function digitValue(codeUnit: number): number {
  if (codeUnit >= 48 && codeUnit < 58) return codeUnit - 22;
  if (codeUnit >= 65 && codeUnit < 91) return codeUnit - 65;
  if (codeUnit >= 97 && codeUnit < 123) return codeUnit - 97;
  return base;
}

/**
 * Decodes one Punycode label (without the `xn--` prefix) to Unicode; `undefined` when malformed.
 *
 * @example
 * decodePunycode('80ak6aa92e'); // 'аррӏе' (Cyrillic look-alike of "apple")
 */
export function decodePunycode(input: string): string | undefined {
  const output: number[] = [];
  const delimiter = input.lastIndexOf('-');
  const basicLength = Math.max(delimiter, 0);
  for (let index = 0; index < basicLength; index++) {
    const codeUnit = input.charCodeAt(index);
    if (codeUnit >= 0x80) return undefined;
    output.push(codeUnit);
  }
  let codePoint = initialCodePoint;
  let bias = initialBias;
  let position = 0;
  let index = basicLength > 0 ? basicLength + 1 : 0;
  while (index < input.length) {
    const previousPosition = position;
    let weight = 1;
    for (let k = base; ; k += base) {
      if (index >= input.length) return undefined;
      const digit = digitValue(input.charCodeAt(index++));
      if (digit >= base) return undefined;
      if (digit > Math.floor((maxInteger - position) / weight)) return undefined;
      position += digit * weight;
      const threshold = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
      if (digit < threshold) break;
      if (weight > Math.floor(maxInteger / (base - threshold))) return undefined;
      weight *= base - threshold;
    }
    const length = output.length + 1;
    bias = adapt(position - previousPosition, length, previousPosition === 0);
    if (Math.floor(position / length) > maxInteger - codePoint) return undefined;
    codePoint += Math.floor(position / length);
    position %= length;
    if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return undefined;
    output.splice(position, 0, codePoint);
    position++;
  }
  return String.fromCodePoint(...output);
}

/**
 * Turns an ASCII host (as the URL API returns it) into Unicode, label by label.
 *
 * @example
 * hostToUnicode('xn--mnchen-3ya.de'); // 'münchen.de'
 */
export function hostToUnicode(host: string): string {
  return host
    .split('.')
    .map((label) => (label.toLowerCase().startsWith('xn--') ? (decodePunycode(label.slice(4)) ?? label) : label))
    .join('.');
}
