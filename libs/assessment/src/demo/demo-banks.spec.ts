import { demoCourseDocuments, parseCourseDocument } from '@academy/catalog';
import { splitQuestion } from '../questions/question-bank.service';
import { demoQuestionBanks } from './demo-banks';

describe('the demo question banks', () => {
  it('give every flagship module at least 8 valid questions with explanations and references', async () => {
    const flagship = await parseCourseDocument(demoCourseDocuments()[0]);
    const document = demoQuestionBanks();
    expect(document.courseSlug).toBe(flagship.slug);
    expect(document.banks.map((bank) => bank.moduleId)).toEqual(
      flagship.content.modules.map((module) => module.id),
    );
    for (const bank of document.banks) {
      expect(bank.questions.length).toBeGreaterThanOrEqual(8);
      const quiz = flagship.content.modules.find((module) => module.id === bank.moduleId)?.quiz;
      expect(quiz?.questionCount).toBeLessThanOrEqual(bank.questions.length);
      for (const question of bank.questions) {
        expect(() => splitQuestion(question)).not.toThrow();
        expect(question.explanation.length).toBeGreaterThan(20);
        expect(question.reference).toMatch(/^Lesson: /);
      }
    }
  });
});
