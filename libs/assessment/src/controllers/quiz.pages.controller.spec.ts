import type { AttemptDto } from '../dto/quiz.dto';
import { answersFromForm } from './quiz.pages.controller';

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
