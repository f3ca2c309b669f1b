import { SAMPLE_QUESTIONS } from '../../../../test/factories/questions';
import { demoQuestionBanks } from '../demo/demo-banks';
import { splitQuestion } from './question-bank.service';
import type { QuestionInput } from './question-bank.service';
import { documentProblems, questionToDocument } from './question-document';

describe('questions in a course document', () => {
  /** A question as the bank stores it, written as a course file carries it. */
  const exported = (input: QuestionInput) => {
    const { body, key } = splitQuestion(input);
    return questionToDocument({
      body,
      answerKey: { key, explanation: input.explanation, reference: input.reference },
      tags: input.tags ?? [],
      difficulty: input.difficulty ?? 'hard',
      moduleId: '3b8a6d2e-9c1f-4a7b-8e2d-7f6a5b4c3d25',
      objectiveModuleId: input.objective ? '3b8a6d2e-9c1f-4a7b-8e2d-7f6a5b4c3d25' : null,
      objective: input.objective ?? null,
      lintNotes: input.lintNotes ?? [],
    });
  };

  it('imports again whatever the shipped demo banks export', () => {
    const questions = demoQuestionBanks().flatMap((document) =>
      document.banks.flatMap((bank) => bank.questions),
    );
    expect(questions.length).toBeGreaterThan(20);
    expect(documentProblems(questions.map(exported))).toEqual([]);
  });

  it('writes each sample question as the file carries it, which the checks accept', () => {
    const documents = SAMPLE_QUESTIONS.map(exported);
    expect(documentProblems(documents)).toEqual([]);
    expect(documents[2]).toEqual({
      type: 'ordering',
      prompt: SAMPLE_QUESTIONS[2]!.prompt,
      items: SAMPLE_QUESTIONS[2]!.items,
      explanation: SAMPLE_QUESTIONS[2]!.explanation,
      reference: SAMPLE_QUESTIONS[2]!.reference,
      tags: [],
      difficulty: 'hard',
    });
  });

  it.each<[string, unknown, string]>([
    [
      'a single answer missing from the choices',
      { ...SAMPLE_QUESTIONS[0], correct: 'e' },
      'the correct answer is not one of the choices',
    ],
    [
      'a multiple answer naming a missing choice',
      { ...SAMPLE_QUESTIONS[0], type: 'multiple', correct: ['b', 'x'] },
      'a correct answer is not one of the choices',
    ],
    [
      'a true/false answer in words',
      { ...SAMPLE_QUESTIONS[1], correct: 'false' },
      'the correct answer should be true or false',
    ],
    [
      'a numeric question without tolerance',
      { type: 'numeric', prompt: 'mL?', answer: 2, explanation: 'Small.', reference: 'Lesson' },
      'the tolerance is missing (0 when only the exact answer is right)',
    ],
    [
      'one choice only',
      { ...SAMPLE_QUESTIONS[0], options: [{ id: 'b', text: 'PSIS' }] },
      'the choices should number 2 to 10',
    ],
    [
      'two choices with one id',
      {
        ...SAMPLE_QUESTIONS[0],
        options: [
          { id: 'b', text: 'PSIS' },
          { id: 'b', text: 'ASIS' },
        ],
      },
      'two choices have the same id',
    ],
    [
      'choices on a true/false question',
      { ...SAMPLE_QUESTIONS[1], options: [] },
      'a true/false question has no choices: remove that field',
    ],
    [
      'a lineage id',
      { ...SAMPLE_QUESTIONS[1], lineageId: 'x' },
      'a lineage id is not carried in a course file (each academy gives its own); remove it',
    ],
    [
      'an unknown difficulty',
      { ...SAMPLE_QUESTIONS[1], difficulty: 'brutal' },
      'the difficulty is not one of the choices (easy, moderate, hard)',
    ],
    ['no explanation', { ...SAMPLE_QUESTIONS[1], explanation: undefined }, 'the explanation is missing'],
    ['an empty reference', { ...SAMPLE_QUESTIONS[1], reference: ' ' }, 'the reference is empty'],
    [
      'a list instead of a question',
      ['a'],
      'this question should be a group of fields (type, prompt, choices, correct answer, …)',
    ],
  ])('says %s in words, at its question', (_what, question, problem) => {
    const sound = { ...SAMPLE_QUESTIONS[1] };
    expect(documentProblems([sound, JSON.parse(JSON.stringify(question)) as unknown])).toContainEqual({
      place: 'question 2',
      problem,
    });
    expect(documentProblems([sound])).toEqual([]);
  });
});
