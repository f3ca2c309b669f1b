import { demoCourseDocuments, lintCourse, parseCourseDocument } from '@academy/catalog';
import { splitQuestion } from '../questions/question-bank.service';
import { demoQuestionBanks } from './demo-banks';

describe('the demo question banks', () => {
  it('give every module of every demo course at least 8 valid questions with explanations and references', async () => {
    const courses = await Promise.all(demoCourseDocuments().map((raw) => parseCourseDocument(raw)));
    const documents = demoQuestionBanks();
    expect(documents.map((document) => document.courseSlug)).toEqual(courses.map((course) => course.slug));
    for (const [index, document] of documents.entries()) {
      const course = courses[index]!;
      expect(document.banks.map((bank) => bank.moduleId)).toEqual(
        course.content.modules.map((module) => module.id),
      );
      for (const bank of document.banks) {
        const quiz = course.content.modules.find((module) => module.id === bank.moduleId)?.quiz;
        const module = course.content.modules.find((each) => each.id === bank.moduleId)!;
        expect(bank.questions.length).toBeGreaterThanOrEqual(8);
        // Every attempt can be served questions the learner has not seen in an earlier one.
        expect(quiz!.questionCount * quiz!.attemptsLimit).toBeLessThanOrEqual(bank.questions.length);
        for (const question of bank.questions) {
          expect(() => splitQuestion(question)).not.toThrow();
          expect(question.explanation.length).toBeGreaterThan(20);
          expect(question.reference).toMatch(/^Lesson: /);
          expect(question.objective).toBeGreaterThanOrEqual(1);
          expect(question.objective).toBeLessThanOrEqual(module.objectives.length);
        }
        // Each of the module's objectives is measured.
        expect(new Set(bank.questions.map((question) => question.objective)).size).toBe(
          module.objectives.length,
        );
      }
    }
  });

  it('give each flagship module at least 20 questions, and the pre-test a pool of its own', async () => {
    const flagship = await parseCourseDocument(demoCourseDocuments()[0]);
    const document = demoQuestionBanks()[0]!;
    for (const bank of document.banks) {
      expect(bank.questions.length).toBeGreaterThanOrEqual(20);
    }
    const pool = document.pretest!.questions;
    expect(pool.length).toBeGreaterThanOrEqual(flagship.content.pretest!.questionCount);
    const bankPrompts = new Set(
      document.banks.flatMap((bank) => bank.questions.map((question) => question.prompt)),
    );
    for (const question of pool) {
      expect(() => splitQuestion(question)).not.toThrow();
      expect(bankPrompts.has(question.prompt)).toBe(false);
      const module = flagship.content.modules[question.module - 1]!;
      expect(question.objective).toBeGreaterThanOrEqual(1);
      expect(question.objective).toBeLessThanOrEqual(module.objectives.length);
    }
    // Every module is in the pre-test.
    expect(new Set(pool.map((question) => question.module)).size).toBe(flagship.content.modules.length);
  });

  it('leave no item-writing warning unexplained on any demo course’s publish checklist', async () => {
    const courses = await Promise.all(demoCourseDocuments().map((raw) => parseCourseDocument(raw)));
    for (const [index, document] of demoQuestionBanks().entries()) {
      const { slug, content } = courses[index]!;
      const banks = new Map(document.banks.map((bank) => [bank.moduleId, bank.questions]));
      const lint = lintCourse(content, banks, document.pretest?.questions ?? []);
      const unexplained = lint.banks.flatMap((bank) => [
        ...bank.bank.filter((entry) => !entry.explanation).map((entry) => `${bank.place}: ${entry.rule}`),
        ...bank.questions.flatMap((question) =>
          question.warnings
            .filter((entry) => !entry.explanation)
            .map((entry) => `${bank.place}, question ${question.number}: ${entry.rule}`),
        ),
      ]);
      expect([slug, unexplained]).toEqual([slug, []]);
    }
  });
});
