import { renderMarkdown } from '../content/markdown';
import { parseCourseDocument } from '../content/course-document';
import { DEFAULT_MOC_BOARDS } from '@academy/core';
import { mocProblems } from '../content/moc-rules';
import { unmetPublishRules } from '../content/publish-rules';
import { demoCourseDocuments } from './demo-courses';

describe('the demo courses', () => {
  it('are valid course documents that meet every publishing rule', async () => {
    const documents = await Promise.all(demoCourseDocuments().map((raw) => parseCourseDocument(raw)));
    expect(documents.map((document) => document.slug)).toEqual([
      'bone-marrow-harvesting',
      'bone-marrow-harvesting-recertification',
      'diagnostic-bone-marrow-aspiration-biopsy',
    ]);
    for (const document of documents) {
      expect(unmetPublishRules(document.content, new Date('2026-11-21T00:00:00Z'))).toEqual([]);
    }
  });

  it('designate no more AMA PRA Category 1 Credit™ than the hours their modules take', async () => {
    for (const raw of demoCourseDocuments()) {
      const { content } = await parseCourseDocument(raw);
      const hours = content.modules.reduce((sum, module) => sum + module.estimatedMinutes, 0) / 60;
      const ama = content.credits.find((credit) => credit.type === 'AMA PRA Category 1 Credit™');
      expect(ama?.max).toBeLessThanOrEqual(hours);
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

  it('renew the flagship through a short recertification course, timed for its reading and quiz and signed off in the lab', async () => {
    const documents = await Promise.all(demoCourseDocuments().map((raw) => parseCourseDocument(raw)));
    const flagship = documents[0]!.content;
    const renewal = documents.find((document) => document.slug === 'bone-marrow-harvesting-recertification')!;
    const { content } = renewal;
    expect(content.title).toBe('Bone Marrow Harvesting: Recertification');
    expect(content.skillsLabRequired).toBe(true);
    expect(content.certificateValidityMonths).toBe(36);
    expect(content.passingScore).toBe(flagship.passingScore);
    expect(content.accreditationStatement).toBe(flagship.accreditationStatement);
    expect(content.designationStatement).toBeUndefined();
    expect(content.people.map((person) => person.role).sort()).toEqual(
      flagship.people.map((person) => person.role).sort(),
    );

    expect(content.modules).toHaveLength(1);
    const module = content.modules[0]!;
    expect(module.lessons.length).toBeGreaterThanOrEqual(2);
    expect(module.lessons.length).toBeLessThanOrEqual(3);
    for (const lesson of module.lessons) {
      expect(renderMarkdown(lesson.markdown)).toContain('<h2>');
    }
    // About 150 words a minute of reading and a minute a question, and credit in quarter hours.
    const words = module.lessons.reduce((sum, lesson) => sum + lesson.markdown.split(/\s+/).length, 0);
    expect(words).toBeGreaterThanOrEqual(1200);
    expect(words).toBeLessThanOrEqual(1800);
    const questions = module.quiz!.questionCount;
    expect(questions).toBe(8);
    expect(Math.abs(module.estimatedMinutes - (words / 150 + questions))).toBeLessThanOrEqual(2);
    expect(content.credits).toEqual([
      { type: 'AMA PRA Category 1 Credit™', max: Math.floor((module.estimatedMinutes / 60) * 4) / 4 },
    ]);

    const text = JSON.stringify(content).toLowerCase();
    for (const fact of [
      'time-out',
      '4.5 mg/kg',
      '7 mg/kg',
      '2.5 mg/kg',
      '20% lipid emulsion',
      '1.5 ml/kg',
      'benzodiazepine',
      'chain of custody',
      'not fda approved',
      '1271.3(d)(4)',
      '1271.15(b)',
    ]) {
      expect(text).toContain(fact);
    }
  });

  it('award the flagship’s MOC with ABA, ABIM and ABOS at its AMA credit, the most the rules allow', async () => {
    const flagship = await parseCourseDocument(demoCourseDocuments()[0]);
    const ama = flagship.content.credits.find((credit) => credit.type === 'AMA PRA Category 1 Credit™');
    expect(flagship.content.moc).toEqual([
      { board: 'ABA', points: ama!.max, types: ['LL'] },
      { board: 'ABIM', points: ama!.max, types: ['MK'] },
      // Orthopaedic surgeons, who most often harvest bone marrow, report to theirs.
      { board: 'ABOS', points: ama!.max, types: ['CME'] },
    ]);
    expect(
      mocProblems(
        flagship.content,
        DEFAULT_MOC_BOARDS.map((setting) => setting.board),
      ),
    ).toEqual([]);
  });
});
