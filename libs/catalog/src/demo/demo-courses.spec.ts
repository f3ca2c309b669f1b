import { renderMarkdown } from '../content/markdown';
import { parseCourseDocument } from '../content/course-document';
import { DEFAULT_MOC_BOARDS } from '@academy/core';
import { mocProblems } from '../content/moc-rules';
import { unmetPublishRules } from '../content/publish-rules';
import { demoCourseDocuments, demoFigures } from './demo-courses';

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

  it('designate no more credit than the content takes at the stated rates, in quarter hours', async () => {
    // The stated rates: 180 words a minute of lesson text, 1.5 minutes a question served in one
    // pass (pre-test and one attempt of each quiz), half a minute a figure.
    const figures = demoFigures();
    for (const raw of demoCourseDocuments()) {
      const { slug, content } = await parseCourseDocument(raw);
      let minutes = (content.pretest?.questionCount ?? 0) * 1.5;
      for (const module of content.modules) {
        const words = module.lessons.reduce((sum, lesson) => sum + lesson.markdown.split(/\s+/).length, 0);
        const figureCount = figures.filter(
          (figure) =>
            figure.courseSlug === slug && module.lessons.some((lesson) => lesson.id === figure.lessonId),
        ).length;
        minutes += words / 180 + figureCount * 0.5 + module.quiz!.questionCount * 1.5;
      }
      const estimate = Math.floor((minutes / 60) * 4) / 4;
      expect(content.credits.length).toBeGreaterThan(0);
      for (const credit of content.credits) {
        expect(credit.max).toBeLessThanOrEqual(estimate);
      }
      // The modules' stated times add up to the estimate, give or take rounding.
      const stated = content.modules.reduce((sum, module) => sum + module.estimatedMinutes, 0);
      expect(Math.abs(stated - minutes)).toBeLessThanOrEqual(content.modules.length);
    }
  });

  it('give each demo figure an image and a description, in a lesson of its course', async () => {
    const documents = await Promise.all(demoCourseDocuments().map((raw) => parseCourseDocument(raw)));
    const figures = demoFigures();
    expect(figures.length).toBeGreaterThan(0);
    for (const figure of figures) {
      const course = documents.find((document) => document.slug === figure.courseSlug);
      const lessons = course!.content.modules.flatMap((module) => module.lessons);
      expect(lessons.map((lesson) => lesson.id)).toContain(figure.lessonId);
      expect(figure.alt.length).toBeGreaterThan(50);
      expect(figure.alt.length).toBeLessThanOrEqual(500);
      expect(figure.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
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
      expect(module.lessons.length).toBeLessThanOrEqual(5);
      expect(module.objectives.length).toBeGreaterThan(0);
      expect(module.references.length).toBeGreaterThan(0);
      for (const lesson of module.lessons) {
        expect(lesson.markdown.split(/\s+/).length).toBeGreaterThan(250);
        expect(renderMarkdown(lesson.markdown)).toContain('<h2>');
      }
    }
    const text = JSON.stringify(flagship.content).toLowerCase();
    for (const fact of [
      'posterior superior iliac spine',
      'cluneal',
      'buffy coat',
      'cfu-f',
      'ultrasound',
      'time-out',
      '4.5 mg/kg',
      '7 mg/kg',
      '2.5 mg/kg',
      '20% lipid emulsion',
      '1.5 ml/kg',
      'benzodiazepine',
      'capnography',
      'no credentialing or privileges',
      '1271.3(d)(4)',
      '1271.15(b)',
      'no bmac product is fda-approved',
      'off-label',
      'practice gap',
      'mautner k',
      'level iv',
    ]) {
      expect(text).toContain(fact);
    }
    // Credit for physicians only: PAs are told how the AMA credit counts for them.
    expect(flagship.content.credits).toEqual([{ type: 'AMA PRA Category 1 Credit™', max: 2 }]);
    expect(flagship.content.accreditationStatement).toContain('NCCPA');
    // Skills-lab preparation, with the time-out after prep and drape.
    const extraction = flagship.content.modules[1]!;
    const lab = extraction.lessons.find((lesson) => lesson.title.startsWith('Skills-Lab Preparation'));
    expect(lab?.markdown).toMatch(/after prep and drape, before the first needle/);
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
    // The stated rates (180 words a minute, 1.5 minutes a question), and credit in quarter hours.
    const words = module.lessons.reduce((sum, lesson) => sum + lesson.markdown.split(/\s+/).length, 0);
    expect(words).toBeGreaterThanOrEqual(1200);
    expect(words).toBeLessThanOrEqual(1800);
    const questions = module.quiz!.questionCount;
    expect(questions).toBe(8);
    expect(Math.abs(module.estimatedMinutes - (words / 180 + questions * 1.5))).toBeLessThanOrEqual(1);
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
