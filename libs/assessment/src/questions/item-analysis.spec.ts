import {
  AnalysedQuestion,
  correlation,
  flagsFor,
  GradedAttempt,
  itemStatistics,
  MIN_RESPONSES_TO_FLAG,
} from './item-analysis';

// Four questions, five graded attempts. Item scores (1 right, 0 wrong):
//
//            Q1 Q2 Q3 Q4 | total
//   A1        1  1  1  0 |  3
//   A2        1  1  1  0 |  3
//   A3        1  1  0  0 |  2
//   A4        1  0  0  1 |  2
//   A5        0  0  0  1 |  1
//
// Difficulty is the column mean: Q1 0.8, Q2 0.6, Q3 0.4, Q4 0.4.
//
// Discrimination is the point-biserial r = (M1 - M0) / s * sqrt(p q), with M1 and M0 the mean
// rest score (total minus the item) of those who got the item right and wrong, s the population
// standard deviation of the rest scores and p the difficulty. Every attempt serves all four, so
// the rest as a share of the other three is a linear rescaling of the rest as a count: the same r.
//
//   Q1: rest 2,2,1,1,1. M1 = 6/4 = 1.5, M0 = 1, mean 1.4, variance (.36+.36+.16+.16+.16)/5 = .24,
//       p q = .8 × .2 = .16: r = .5 / √.24 × .4 = .2 / √.24 = 0.408248
//   Q2: rest 2,2,1,2,1. M1 = 5/3, M0 = 3/2, mean 1.6, variance (.16+.16+.36+.16+.36)/5 = .24,
//       p q = .24: r = (1/6) / √.24 × √.24 = 1/6 = 0.166667
//   Q3: rest 2,2,2,2,1. M1 = 2, M0 = 5/3, mean 1.8, variance (4 × .04 + .64)/5 = .16,
//       p q = .24: r = (1/3) / .4 × √.24 = 0.408248
//   Q4: rest 3,3,2,1,0. M1 = 1/2, M0 = 8/3, mean 1.8,
//       variance (1.44+1.44+.04+.64+3.24)/5 = 1.36, p q = .24:
//       r = (−13/6) × √(.24/1.36) = −13/6 × √(3/17) = −0.910182
const Q1 = '00000000-0000-4000-8000-000000000001';
const Q2 = '00000000-0000-4000-8000-000000000002';
const Q3 = '00000000-0000-4000-8000-000000000003';
const Q4 = '00000000-0000-4000-8000-000000000004';

const QUESTIONS: AnalysedQuestion[] = [
  {
    id: Q1,
    body: {
      type: 'single',
      prompt: 'Which landmark is palpated first?',
      options: [
        { id: 'a', text: 'ASIS' },
        { id: 'b', text: 'PSIS' },
        { id: 'c', text: 'Xiphoid' },
        { id: 'd', text: 'Trochanter' },
      ],
    },
    key: { type: 'single', correct: 'b' },
  },
  {
    id: Q2,
    body: { type: 'true_false', prompt: 'Large pulls give a purer sample.' },
    key: { type: 'true_false', correct: false },
  },
  {
    id: Q3,
    body: {
      type: 'multiple',
      prompt: 'Which reduce peripheral blood dilution?',
      options: [
        { id: 'a', text: 'Small pulls' },
        { id: 'b', text: 'One large pull' },
        { id: 'c', text: 'Repositioning' },
      ],
    },
    key: { type: 'multiple', correct: ['a', 'c'] },
  },
  {
    id: Q4,
    body: { type: 'numeric', prompt: 'Largest volume per pull?', unit: 'mL' },
    key: { type: 'numeric', answer: 2, tolerance: 0.5 },
  },
];

// The same scores as the table above; served orders differ, as shuffling makes them.
const ATTEMPTS: GradedAttempt[] = [
  { served: [Q1, Q2, Q3, Q4], answers: { [Q1]: 'b', [Q2]: false, [Q3]: ['a', 'c'], [Q4]: 10 } },
  { served: [Q4, Q3, Q2, Q1], answers: { [Q1]: 'b', [Q2]: false, [Q3]: ['c', 'a'], [Q4]: 20 } },
  { served: [Q2, Q1, Q4, Q3], answers: { [Q1]: 'b', [Q2]: false, [Q3]: ['a'], [Q4]: 5 } },
  { served: [Q3, Q4, Q1, Q2], answers: { [Q1]: 'b', [Q2]: true, [Q3]: ['a', 'b', 'c'], [Q4]: 2 } },
  // Q2 left unanswered: it counts as wrong, like the grading does.
  { served: [Q1, Q3, Q2, Q4], answers: { [Q1]: 'a', [Q3]: ['b'], [Q4]: 2.5 } },
];

function byQuestion(attempts: GradedAttempt[], options: { partialCredit?: boolean } = {}) {
  return new Map(itemStatistics(QUESTIONS, attempts, options).map((item) => [item.questionId, item]));
}

describe('item analysis', () => {
  it('matches difficulty and point-biserial discrimination computed by hand', () => {
    const stats = byQuestion(ATTEMPTS);
    expect(stats.get(Q1)!.difficulty).toBeCloseTo(0.8, 10);
    expect(stats.get(Q2)!.difficulty).toBeCloseTo(0.6, 10);
    expect(stats.get(Q3)!.difficulty).toBeCloseTo(0.4, 10);
    expect(stats.get(Q4)!.difficulty).toBeCloseTo(0.4, 10);
    expect(stats.get(Q1)!.discrimination).toBeCloseTo(0.408248, 5);
    expect(stats.get(Q2)!.discrimination).toBeCloseTo(0.166667, 5);
    expect(stats.get(Q3)!.discrimination).toBeCloseTo(0.408248, 5);
    expect(stats.get(Q4)!.discrimination).toBeCloseTo(-0.910182, 5);
  });

  it('counts responses, answers given and how often each option was picked', () => {
    const stats = byQuestion(ATTEMPTS);
    expect(stats.get(Q2)).toMatchObject({ responses: 5, answered: 4 });
    expect(stats.get(Q1)!.options).toEqual([
      { id: 'a', text: 'ASIS', correct: false, count: 1, share: 0.2 },
      { id: 'b', text: 'PSIS', correct: true, count: 4, share: 0.8 },
      { id: 'c', text: 'Xiphoid', correct: false, count: 0, share: 0 },
      { id: 'd', text: 'Trochanter', correct: false, count: 0, share: 0 },
    ]);
    expect(stats.get(Q2)!.options!.map((option) => [option.id, option.count, option.correct])).toEqual([
      ['true', 1, false],
      ['false', 3, true],
    ]);
    expect(stats.get(Q3)!.options!.map((option) => [option.id, option.count, option.correct])).toEqual([
      ['a', 4, true],
      ['b', 2, false],
      ['c', 3, true],
    ]);
    expect(stats.get(Q4)!.options).toBeNull();
  });

  it('grades as the quiz does: with partial credit, difficulty is the mean credit', () => {
    // Q3 credits: 1, 1, 1/2 (a of a,c), 1/2 (a,c right, b wrong), 0 (b only): mean 0.6.
    expect(byQuestion(ATTEMPTS, { partialCredit: true }).get(Q3)!.difficulty).toBeCloseTo(0.6, 10);
  });

  it('flags nothing below the minimum number of responses, however extreme', () => {
    expect(ATTEMPTS.length).toBeLessThan(MIN_RESPONSES_TO_FLAG);
    expect([...byQuestion(ATTEMPTS).values()].flatMap((item) => item.flags)).toEqual([]);
  });

  it('flags negative discrimination once there are enough responses', () => {
    // Repeating the data set keeps every statistic and reaches the minimum.
    const many = Array.from({ length: MIN_RESPONSES_TO_FLAG / ATTEMPTS.length }, () => ATTEMPTS).flat();
    const stats = byQuestion(many);
    expect(stats.get(Q4)!.discrimination).toBeCloseTo(-0.910182, 5);
    expect(stats.get(Q4)!.flags).toEqual(['negative_discrimination']);
    expect(stats.get(Q1)!.flags).toEqual([]);
    expect(stats.get(Q2)!.flags).toEqual([]);
  });

  it('flags too easy and too hard at the named bounds', () => {
    const responses = MIN_RESPONSES_TO_FLAG;
    expect(flagsFor({ responses, difficulty: 0.95, discrimination: 0.3 })).toEqual(['too_easy']);
    expect(flagsFor({ responses, difficulty: 0.9, discrimination: 0.3 })).toEqual([]);
    expect(flagsFor({ responses, difficulty: 0.1, discrimination: -0.2 })).toEqual([
      'too_hard',
      'negative_discrimination',
    ]);
    expect(flagsFor({ responses, difficulty: 0.2, discrimination: 0 })).toEqual([]);
    expect(flagsFor({ responses: responses - 1, difficulty: 1, discrimination: -1 })).toEqual([]);
  });

  it('leaves discrimination out when it cannot be computed', () => {
    // Everybody right: no spread in the item score.
    const allRight = ATTEMPTS.map((attempt) => ({ ...attempt, answers: { ...attempt.answers, [Q1]: 'b' } }));
    expect(byQuestion(allRight).get(Q1)!.discrimination).toBeNull();
    // A one-question attempt has no rest to correlate with; it still counts for difficulty.
    const alone = byQuestion([{ served: [Q1], answers: { [Q1]: 'b' } }]).get(Q1)!;
    expect(alone).toMatchObject({ responses: 1, difficulty: 1, discrimination: null });
    expect(byQuestion([]).get(Q1)).toMatchObject({ responses: 0, difficulty: null, discrimination: null });
    expect(correlation([1], [1])).toBeNull();
  });
});
