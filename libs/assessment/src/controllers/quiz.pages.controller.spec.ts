import type { AttemptDto } from '../dto/quiz.dto';
import { answersFromForm, flagsFromForm, unansweredOf } from './quiz.pages.controller';

const attempt = {
  questions: [
    {
      id: 's',
      type: 'single',
      prompt: 'p',
      options: [
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
      ],
    },
    {
      id: 'm',
      type: 'multiple',
      prompt: 'p',
      options: [
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
      ],
    },
    { id: 't', type: 'true_false', prompt: 'p' },
    { id: 'n', type: 'numeric', prompt: 'p', unit: 'mL' },
    {
      id: 'o',
      type: 'ordering',
      prompt: 'p',
      items: [
        { id: 'x', text: 'X' },
        { id: 'y', text: 'Y' },
        { id: 'z', text: 'Z' },
      ],
    },
  ],
} as unknown as AttemptDto;

describe('answersFromForm', () => {
  it('reads every question type from the quiz form', () => {
    expect(
      answersFromForm(attempt, {
        q_s: 'b',
        q_m: ['a', 'b'],
        q_t: 'false',
        q_n: '2,5',
        q_o_x: '3',
        q_o_y: '1',
        q_o_z: '2',
      }),
    ).toEqual({
      s: 'b',
      m: ['a', 'b'],
      t: false,
      n: 2.5,
      o: ['y', 'z', 'x'],
    });
  });

  it('leaves unanswered questions out, including a partly ordered list', () => {
    expect(answersFromForm(attempt, { q_m: 'a', q_o_x: '1' })).toEqual({ m: ['a'] });
  });
});

describe('the warning before submitting and the flags of the quiz form', () => {
  it('lists the questions without an answer by number, with the anchor the page links to', () => {
    const withAnswers = { ...attempt, answers: { s: 'b', t: false } } as unknown as AttemptDto;
    expect(unansweredOf(withAnswers).map((question) => [question.number, question.anchor])).toEqual([
      [2, 'question-2'],
      [4, 'question-4'],
      [5, 'question-5'],
    ]);
    // Answers still in the form count too.
    expect(unansweredOf(withAnswers, { ...withAnswers.answers, m: ['a'], n: 2, o: ['x', 'y', 'z'] })).toEqual(
      [],
    );
  });

  it('reads the ticked flags, ignoring fields of questions the attempt does not have', () => {
    expect(flagsFromForm(attempt, { flag_m: 'yes', flag_o: 'yes', flag_elsewhere: 'yes' })).toEqual([
      'm',
      'o',
    ]);
  });
});
