import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorsDocument } from '../packages/guard/src/errors-document.js';

describe('generated documents', () => {
  it('docs/errors.md matches the error catalogue (regenerate: npx tsx scripts/write-errors-document.ts)', () => {
    expect(readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')).toBe(renderErrorsDocument());
  });
});
