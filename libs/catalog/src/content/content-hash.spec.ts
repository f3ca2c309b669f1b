import { canonicalJson } from '@academy/core';
import { contentHash } from './content-hash';
import { sampleContent } from '../../../../test/factories/course-content';

describe('contentHash', () => {
  it('is the same for equal content whatever the key order', () => {
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([key, item]) => [key, reverseKeys(item)]),
            )
          : value;
    const content = sampleContent();
    const reordered = reverseKeys(content) as typeof content;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(content));
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
    expect(contentHash(reordered)).toBe(contentHash(sampleContent()));
    expect(contentHash(content)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, (content: ReturnType<typeof sampleContent>) => void]>([
    ['title', (content) => (content.title += '!')],
    ['a lesson text', (content) => (content.modules[0]!.lessons[0]!.markdown += ' More.')],
    ['module order', (content) => content.modules.reverse()],
    ['a credit maximum', (content) => (content.credits[0]!.max = 5.75)],
    [
      'a disclosure',
      (content) => content.people[0]!.disclosure.relationships.push({ company: 'X', nature: 'Grant' }),
    ],
    ['the expiry date', (content) => (content.expiryDate = '2028-01-01')],
  ])('changes when %s changes', (_what, change) => {
    const content = sampleContent();
    change(content);
    expect(contentHash(content)).not.toBe(contentHash(sampleContent()));
  });
});

describe('contentHash with the question banks', () => {
  const question = {
    type: 'true_false',
    prompt: 'The PSIS is palpable.',
    correct: true,
    explanation: 'It is.',
  };

  it('covers each module’s questions: a changed key or a new question changes it', () => {
    const content = sampleContent();
    const moduleId = content.modules[0]!.id;
    const base = contentHash(content, new Map([[moduleId, [question]]]));
    expect(contentHash(content, new Map([[moduleId, [{ ...question, correct: false }]]]))).not.toBe(base);
    expect(contentHash(content, new Map([[moduleId, [question, question]]]))).not.toBe(base);
    expect(contentHash(content, new Map([[moduleId, []]]))).not.toBe(base);
    expect(contentHash(content, new Map([[moduleId, [{ ...question }]]]))).toBe(base);
  });

  it('is the hash of the content with each module’s questions, as an export carries them', () => {
    const content = sampleContent();
    const moduleId = content.modules[0]!.id;
    const exported = {
      ...content,
      modules: content.modules.map((module) => ({
        ...module,
        questions: module.id === moduleId ? [question] : [],
      })),
    };
    expect(contentHash(content, new Map([[moduleId, [question]]]))).toBe(contentHash(exported));
  });
});
