import { renderMarkdown } from '../content/markdown';
import { parseCourseDocument } from '../content/course-document';
import { unmetPublishRules } from '../content/publish-rules';
import { demoCourseDocuments } from './demo-courses';

describe('the demo courses', () => {
  it('are valid course documents that meet every publishing rule', async () => {
    const documents = await Promise.all(demoCourseDocuments().map((raw) => parseCourseDocument(raw)));
    expect(documents.map((document) => document.slug)).toEqual([
      'bone-marrow-harvesting',
      'diagnostic-bone-marrow-aspiration-biopsy',
    ]);
    for (const document of documents) {
      expect(unmetPublishRules(document.content, new Date('2026-11-21T00:00:00Z'))).toEqual([]);
    }
  });

  it('teach the flagship curriculum: anatomy, extraction, processing, injection, each with 2-4 lessons of real content', async () => {
    const flagship = await parseCourseDocument(demoCourseDocuments()[0]);
    expect(flagship.content.title).toBe('Bone Marrow Harvesting for Regenerative Medicine');
    expect(flagship.content.modules.map((module) => module.kind)).toEqual([
      'anatomy',
      'extraction',
      'processing',
      'injection',
    ]);
    for (const module of flagship.content.modules) {
      expect(module.lessons.length).toBeGreaterThanOrEqual(2);
      expect(module.lessons.length).toBeLessThanOrEqual(4);
      expect(module.objectives.length).toBeGreaterThan(0);
      expect(module.references.length).toBeGreaterThan(0);
      for (const lesson of module.lessons) {
        expect(lesson.markdown.split(/\s+/).length).toBeGreaterThan(250);
        expect(renderMarkdown(lesson.markdown)).toContain('<h2>');
      }
    }
    const text = JSON.stringify(flagship.content).toLowerCase();
    for (const fact of ['posterior superior iliac spine', 'cluneal', 'buffy coat', 'cfu-f', 'ultrasound']) {
      expect(text).toContain(fact);
    }
  });
});
