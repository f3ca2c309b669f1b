import { accommodatedMinutes, extraTimeInWords } from './accommodation';

describe('quiz-time accommodation', () => {
  it('gives a share of the limit, rounded up to whole minutes, plus minutes', () => {
    expect(accommodatedMinutes(20, { extraTimePercent: 50, extraMinutes: 0 })).toBe(30);
    expect(accommodatedMinutes(15, { extraTimePercent: 50, extraMinutes: 0 })).toBe(23);
    expect(accommodatedMinutes(20, { extraTimePercent: 100, extraMinutes: 5 })).toBe(45);
    expect(accommodatedMinutes(20, null)).toBe(20);
  });

  it('says the accommodation in words', () => {
    expect(extraTimeInWords({ extraTimePercent: 50, extraMinutes: 0 })).toBe('50% more time');
    expect(extraTimeInWords({ extraTimePercent: 100, extraMinutes: 10 })).toBe(
      'double time and 10 more minutes',
    );
    expect(extraTimeInWords({ extraTimePercent: 0, extraMinutes: 1 })).toBe('1 more minute');
  });
});
