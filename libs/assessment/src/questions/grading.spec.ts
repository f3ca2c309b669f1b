import { gradeResponse, scorePercent } from './grading';
import type { AnswerKey, Choice } from './question.types';
import { shuffled } from './shuffle';
import { deadlineFor, GRACE_MS, isPastDeadline, nextAttemptAt } from '../attempts/timing';

describe('gradeResponse', () => {
  it.each<[string, AnswerKey, unknown, number]>([
    ['single right', { type: 'single', correct: 'b' }, 'b', 1],
    ['single wrong', { type: 'single', correct: 'b' }, 'c', 0],
    ['single of the wrong type', { type: 'single', correct: 'b' }, ['b'], 0],
    ['true/false right', { type: 'true_false', correct: false }, false, 1],
    ['true/false wrong', { type: 'true_false', correct: false }, true, 0],
    ['true/false as text', { type: 'true_false', correct: true }, 'true', 0],
    ['numeric exact', { type: 'numeric', answer: 2, tolerance: 0.5 }, 2, 1],
    ['numeric at the tolerance edge', { type: 'numeric', answer: 2, tolerance: 0.5 }, 2.5, 1],
    ['numeric outside tolerance', { type: 'numeric', answer: 2, tolerance: 0.5 }, 2.51, 0],
    ['numeric as text', { type: 'numeric', answer: 2, tolerance: 0.5 }, '2', 0],
    ['numeric not finite', { type: 'numeric', answer: 2, tolerance: 0.5 }, Number.NaN, 0],
    ['multiple all right', { type: 'multiple', correct: ['a', 'c'] }, ['c', 'a'], 1],
    ['multiple one missing', { type: 'multiple', correct: ['a', 'c'] }, ['a'], 0],
    ['multiple one extra', { type: 'multiple', correct: ['a', 'c'] }, ['a', 'c', 'd'], 0],
    ['ordering right', { type: 'ordering', order: ['a', 'b', 'c'] }, ['a', 'b', 'c'], 1],
    ['ordering swapped', { type: 'ordering', order: ['a', 'b', 'c'] }, ['a', 'c', 'b'], 0],
    ['ordering short', { type: 'ordering', order: ['a', 'b', 'c'] }, ['a', 'b'], 0],
    ['no answer', { type: 'single', correct: 'a' }, undefined, 0],
  ])('%s', (_case, key, response, credit) => {
    expect(gradeResponse(key, response as never)).toBe(credit);
  });

  it('gives partial credit for multiple choice only when asked, never below zero', () => {
    const key: AnswerKey = { type: 'multiple', correct: ['a', 'b', 'c', 'd'] };
    expect(gradeResponse(key, ['a', 'b'], { partialCredit: true })).toBe(0.5);
    expect(gradeResponse(key, ['a', 'b', 'e'], { partialCredit: true })).toBe(0.25);
    expect(gradeResponse(key, ['e', 'f'], { partialCredit: true })).toBe(0);
    expect(gradeResponse(key, ['a', 'b'])).toBe(0);
  });

  it('scores whole percentages', () => {
    expect(scorePercent([1, 1, 0])).toBe(66);
    expect(scorePercent([1, 1, 1, 1, 1, 1, 1, 1, 0, 0])).toBe(80);
    expect(scorePercent([])).toBe(0);
  });
});

describe('shuffled', () => {
  const options: Choice[] = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, text: `Option ${id}` }));

  it('is a permutation, the same for the same seed', () => {
    const order = shuffled(options, 'attempt-1:q1');
    expect([...order].sort((x, y) => x.id.localeCompare(y.id))).toEqual(options);
    expect(shuffled(options, 'attempt-1:q1')).toEqual(order);
  });

  it('reaches every permutation, and every one keeps the answer key aligned (seeded property test)', () => {
    const key: AnswerKey = { type: 'single', correct: 'c' };
    const seen = new Set<string>();
    for (let seed = 0; seed < 3000; seed++) {
      const order = shuffled(options.slice(0, 4), `seed-${seed}`);
      seen.add(order.map((option) => option.id).join(''));
      // A learner picks the option showing the right text, wherever it landed.
      const picked = order.find((option) => option.text === 'Option c')!;
      expect(gradeResponse(key, picked.id)).toBe(1);
      expect(gradeResponse(key, order.find((option) => option.id !== 'c')!.id)).toBe(0);
    }
    expect(seen.size).toBe(24);
  });
});

describe('timing', () => {
  const start = new Date('2026-11-21T10:00:00Z');

  it('sets the deadline from the time limit; untimed attempts have none', () => {
    expect(deadlineFor(start, 20)?.toISOString()).toBe('2026-11-21T10:20:00.000Z');
    expect(deadlineFor(start, null)).toBeNull();
  });

  it('accepts answers within the grace after the deadline and refuses them after it', () => {
    const deadline = deadlineFor(start, 20)!;
    expect(isPastDeadline(deadline, new Date(deadline.getTime() + GRACE_MS))).toBe(false);
    expect(isPastDeadline(deadline, new Date(deadline.getTime() + GRACE_MS + 1))).toBe(true);
    expect(isPastDeadline(null, new Date('2030-01-01'))).toBe(false);
  });

  it('spaces attempts by the retry delay', () => {
    expect(nextAttemptAt(start, 60).toISOString()).toBe('2026-11-21T11:00:00.000Z');
  });
});
