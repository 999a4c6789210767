import { describe, expect, it } from 'vitest';
import { createMemoryArtifactLoader } from '../shared/artifact-loader.js';
import { embeddedArtifacts, embeddedManifest } from './embedded-artifacts.js';
import { loadPiiTagger } from './pii-tagger.js';

function spansOf(text: string, spans: readonly { entity: string; start: number; end: number }[]): string[] {
  return spans.map((span) => `${span.entity}:${text.slice(span.start, span.end)}`);
}

describe('PII tagger', () => {
  it('loads the embedded, sha256-verified artifacts and tags names and addresses', async () => {
    const tagger = await loadPiiTagger();
    const text = 'My name is Maria Fernandez and I live at 42 Maple Street, Springfield, IL 62704.';
    const found = spansOf(text, tagger.tag(text));
    expect(found).toContain('PERSON:Maria Fernandez');
    expect(found.some((span) => span.startsWith('ADDRESS:42 Maple Street'))).toBe(true);
  });

  it('keeps particles and initials inside a name', async () => {
    const tagger = await loadPiiTagger();
    const text = 'Please add Donald van der Voet and John F. Kennedy to the list.';
    const found = spansOf(text, tagger.tag(text));
    expect(found).toContain('PERSON:Donald van der Voet');
    expect(found).toContain('PERSON:John F. Kennedy');
  });

  it('finds CJK names with honorifics and CJK addresses', async () => {
    const tagger = await loadPiiTagger();
    const text = '王伟先生的地址是北京市朝阳区建国路88号。';
    const found = spansOf(text, tagger.tag(text));
    expect(found).toContain('PERSON:王伟');
    expect(found).toContain('ADDRESS:北京市朝阳区建国路88号');
  });

  it('keeps a multi-line address block together, from house number to country and postcode', async () => {
    const tagger = await loadPiiTagger();
    const block = '4410 Lindholmsvägen 17\n Apt. 12\n VAXHOLM\n Sweden 18531';
    const text = `Billing:\n${block}`;
    expect(spansOf(text, tagger.tag(text))).toEqual([`ADDRESS:${block}`]);
  });

  it('restores case in all-lower-case text before tagging', async () => {
    const tagger = await loadPiiTagger();
    const text = 'please reserve a table under the name kristen for tonight';
    expect(spansOf(text, tagger.tag(text))).toContain('PERSON:kristen');
  });

  it('refuses a tampered artifact', async () => {
    const tampered = { ...embeddedArtifacts, 'tagger.bin': `${embeddedArtifacts['tagger.bin']!.slice(0, -8)}AAAAAAAA` };
    await expect(loadPiiTagger(createMemoryArtifactLoader(tampered), embeddedManifest)).rejects.toMatchObject({
      code: 'model-integrity',
    });
  });
});
