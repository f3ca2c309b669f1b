import { demoCourseDocuments, parseCourseDocument } from '@academy/catalog';
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
        expect(bank.questions.length).toBeGreaterThanOrEqual(8);
        expect(quiz?.questionCount).toBeLessThanOrEqual(bank.questions.length);
        for (const question of bank.questions) {
          expect(() => splitQuestion(question)).not.toThrow();
          expect(question.explanation.length).toBeGreaterThan(20);
          expect(question.reference).toMatch(/^Lesson: /);
        }
      }
    }
  });
});
