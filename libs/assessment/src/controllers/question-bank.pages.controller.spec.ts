import { splitQuestion } from '../questions/question-bank.service';
import { questionFromForm } from './question-bank.pages.controller';

const base = { prompt: 'Q?', explanation: 'Because.', reference: 'Lesson: X', tags: 'safety, landmarks' };

describe('questionFromForm', () => {
  it('reads a single-choice question with its ticked answer', () => {
    const question = questionFromForm({
      ...base,
      type: 'single',
      choice_a: 'PSIS',
      choice_b: 'ASIS',
      choice_c: '',
      correct: 'a',
    });
    expect(question).toMatchObject({
      options: [
        { id: 'a', text: 'PSIS' },
        { id: 'b', text: 'ASIS' },
      ],
      correct: 'a',
      tags: ['safety', 'landmarks'],
    });
    expect(splitQuestion(question).key).toEqual({ type: 'single', correct: 'a' });
  });

  it('reads multiple, true/false, numeric and ordering questions', () => {
    expect(
      splitQuestion(
        questionFromForm({ ...base, type: 'multiple', choice_a: 'x', choice_b: 'y', correct: ['a', 'b'] }),
      ).key,
    ).toEqual({
      type: 'multiple',
      correct: ['a', 'b'],
    });
    expect(splitQuestion(questionFromForm({ ...base, type: 'true_false', truth: 'false' })).key).toEqual({
      type: 'true_false',
      correct: false,
    });
    expect(
      splitQuestion(questionFromForm({ ...base, type: 'numeric', answer: '2', tolerance: '0.5', unit: 'mL' }))
        .key,
    ).toEqual({
      type: 'numeric',
      answer: 2,
      tolerance: 0.5,
    });
    expect(
      splitQuestion(questionFromForm({ ...base, type: 'ordering', choice_a: 'first', choice_b: 'second' }))
        .key,
    ).toEqual({
      type: 'ordering',
      order: ['a', 'b'],
    });
  });

  it('lets splitQuestion refuse a single-choice question without a right answer', () => {
    expect(() =>
      splitQuestion(questionFromForm({ ...base, type: 'single', choice_a: 'x', choice_b: 'y' })),
    ).toThrow('correct must be the id of one option');
  });
});
