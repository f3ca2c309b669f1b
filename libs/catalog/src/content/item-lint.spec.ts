import { sampleContent } from '../../../../test/factories/course-content';
import { blueprintOf, lintBank, lintCourse, lintQuestion, LINT_RULE_IDS } from './item-lint';
import type { LintQuestion, LintRule } from './item-lint';

/** A clean single-best-answer item: a vignette, a positive lead-in, five choices of like length. */
function item(overrides: Partial<LintQuestion> = {}): LintQuestion {
  return {
    type: 'single',
    prompt:
      'A 54-year-old man is positioned prone for aspiration from the posterior iliac crest. Which structure is the safest entry point?',
    options: [
      { id: 'a', text: 'Posterior superior iliac spine' },
      { id: 'b', text: 'Anterior superior iliac spine' },
      { id: 'c', text: 'Greater sciatic notch region' },
      { id: 'd', text: 'Sacroiliac joint line' },
      { id: 'e', text: 'Iliac tubercle at the crest' },
    ],
    correct: 'a',
    objective: 1,
    ...overrides,
  };
}

const rules = (question: LintQuestion, objectives = 2): LintRule[] =>
  lintQuestion(question, objectives).map((warning) => warning.rule);

describe('the item-writing linter', () => {
  it('finds nothing in a well-written item', () => {
    expect(rules(item())).toEqual([]);
  });

  it('flags a key that is the longest choice by a clear margin', () => {
    const question = item({
      options: [
        { id: 'a', text: 'The posterior superior iliac spine, approached two fingerbreadths lateral' },
        { id: 'b', text: 'Anterior superior iliac spine' },
        { id: 'c', text: 'Greater sciatic notch' },
        { id: 'd', text: 'Sacroiliac joint line' },
      ],
    });
    expect(rules(question)).toContain('key-longest');
    // A key only a little longer than the others is no cue.
    expect(rules(item({ correct: 'e' }))).not.toContain('key-longest');
  });

  it('flags “all of the above” and “none of the above”', () => {
    const options = item().options!.map((option) =>
      option.id === 'e' ? { ...option, text: 'None of the above' } : option,
    );
    expect(rules(item({ options }))).toContain('all-none-of-above');
    expect(
      rules(item({ options: options.map((o) => (o.id === 'e' ? { ...o, text: 'All of these' } : o)) })),
    ).toContain('all-none-of-above');
  });

  it('flags a negative lead-in unless the negative word is written in capitals', () => {
    expect(
      rules(item({ prompt: 'Which of the following is not a landmark of the posterior crest?' })),
    ).toContain('negative-stem');
    expect(rules(item({ prompt: 'All of the following are landmarks EXCEPT which?' }))).not.toContain(
      'negative-stem',
    );
    expect(
      rules(item({ prompt: 'Which of the following is NOT a landmark of the posterior crest?' })),
    ).not.toContain('negative-stem');
    expect(rules(item({ prompt: "Which site isn't advised?" }))).toContain('negative-stem');
    // A negative in the vignette is part of the case, not of the question asked.
    expect(
      rules(item({ prompt: 'A 60-year-old woman does not take anticoagulants. Which site is safest?' })),
    ).not.toContain('negative-stem');
  });

  it('flags absolute words in wrong choices, not in the key', () => {
    const question = item({
      options: [
        { id: 'a', text: 'Posterior superior iliac spine' },
        { id: 'b', text: 'Always the anterior iliac spine' },
        { id: 'c', text: 'Only the greater sciatic notch' },
        { id: 'd', text: 'Sacroiliac joint line' },
      ],
    });
    const warning = lintQuestion(question, 2).find((entry) => entry.rule === 'absolute-distractor');
    expect(warning?.detail).toBe(
      'Wrong choice “Always the anterior iliac spine” (always); “Only the greater sciatic notch” (only).',
    );
    const keyed = item({ options: question.options, correct: 'b' });
    expect(
      lintQuestion(keyed, 2).find((entry) => entry.rule === 'absolute-distractor')?.detail,
    ).not.toContain('Always');
  });

  it('flags choices of very different length', () => {
    const options = item().options!.map((option) =>
      option.id === 'd' ? { ...option, text: 'SI joint' } : option,
    );
    expect(rules(item({ options }))).toContain('option-length');
    expect(rules(item())).not.toContain('option-length');
  });

  it('flags an item without an objective, or with one its module does not state', () => {
    expect(rules(item({ objective: null }))).toEqual(['no-objective']);
    expect(rules(item({ objective: undefined }))).toEqual(['no-objective']);
    expect(lintQuestion(item({ objective: 3 }), 2)[0]?.detail).toBe(
      'It is tagged with objective 3, but its module has 2 objectives.',
    );
  });

  it('flags a bank whose all-that-apply items all have the same number of keys', () => {
    const multiple = (correct: string[]) => item({ type: 'multiple', correct });
    const module = { objectives: ['One'] };
    const same = [multiple(['a', 'b', 'c']), multiple(['a', 'c', 'e']), multiple(['b', 'c', 'd'])];
    expect(lintBank(same, module).map((warning) => warning.rule)).toEqual(['fixed-key-count']);
    expect(lintBank(same, module)[0]!.detail).toBe(
      'All 3 all-that-apply questions have exactly 3 right answers.',
    );
    expect(lintBank([...same.slice(0, 2), multiple(['a', 'b'])], module)).toEqual([]);
  });

  it('flags a bank smaller than the draw times the attempts when learners review their answers', () => {
    const bank = Array.from({ length: 10 }, () => item());
    const quiz = {
      questionCount: 8,
      attemptsLimit: 3,
      retryDelayMinutes: 0,
      reviewPolicy: 'full' as const,
      partialCredit: false,
    };
    const warning = lintBank(bank, { objectives: ['One'], quiz })[0];
    expect(warning?.rule).toBe('bank-too-small');
    expect(warning?.detail).toBe(
      'The quiz draws 8 per attempt over 3 attempts with review: 24 questions needed, the bank has 10.',
    );
    expect(lintBank(bank, { objectives: ['One'], quiz: { ...quiz, reviewPolicy: 'score_only' } })).toEqual(
      [],
    );
    expect(
      lintBank(bank.slice(0, 7), { objectives: ['One'], quiz: { ...quiz, reviewPolicy: 'score_only' } })[0]
        ?.rule,
    ).toBe('bank-too-small');
  });

  it('flags an objective no question measures, and counts the blueprint', () => {
    const bank = [item(), item(), item({ objective: null })];
    expect(lintBank(bank, { objectives: ['One', 'Two'] }).map((warning) => warning.detail)).toEqual([
      'No question measures objective 2.',
    ]);
    expect(blueprintOf(bank, ['One', 'Two'])).toEqual({
      objectives: [
        { number: 1, text: 'One', items: 2 },
        { number: 2, text: 'Two', items: 0 },
      ],
      untagged: 1,
    });
  });

  it('keeps a warning the author explains, with the explanation, and counts it as explained', () => {
    const question = item({
      prompt: 'Which of the following is not advised?',
      lintNotes: [{ rule: 'negative-stem', explanation: 'Quoted from the guideline’s own wording.' }],
    });
    const [warning] = lintQuestion(question, 2);
    expect(warning).toMatchObject({
      rule: 'negative-stem',
      explanation: 'Quoted from the guideline’s own wording.',
    });
    expect(warning!.why).toContain('capitals (NOT, EXCEPT, LEAST)');
  });

  it('sums every bank on the checklist, with the pre-test pool and what is left unexplained', () => {
    const content = sampleContent();
    content.pretest = { questionCount: 4 };
    const [first, second] = content.modules;
    const banks = new Map([
      [
        first!.id,
        [
          item(),
          item({ objective: null, lintNotes: [{ rule: 'no-objective', explanation: 'Covers both.' }] }),
        ],
      ],
      [second!.id, [item({ prompt: 'Which is not advised?' })]],
    ]);
    const lint = lintCourse(content, banks, [
      item({ module: 2, objective: 1 } as Partial<LintQuestion>),
      item({ module: 5 } as Partial<LintQuestion>),
    ]);
    expect(lint.banks.map((bank) => [bank.place, bank.items, bank.warnings, bank.unexplained])).toEqual([
      ['Pre-test', 2, 2, 2],
      // Each quiz draws 2 over 3 attempts with review: both banks are small too.
      ['Module 1 (Landmarks)', 2, 2, 1],
      ['Module 2 (Aspiration)', 1, 2, 2],
    ]);
    expect(lint.banks[1]!.byRule).toEqual([
      { rule: 'no-objective', title: 'No learning objective', count: 1, unexplained: 0 },
      {
        rule: 'bank-too-small',
        title: 'The bank is small for the draw and the attempts',
        count: 1,
        unexplained: 1,
      },
    ]);
    expect(lint.banks[0]!.bank.map((warning) => warning.rule)).toEqual(['bank-too-small']);
    expect(lint.banks[0]!.questions[0]!.warnings[0]!.detail).toBe(
      'It names no module of the course, so no objective it measures.',
    );
    expect(lint).toMatchObject({ warnings: 6, unexplained: 5 });
    const withoutPool = lintCourse(content, banks, []);
    expect(withoutPool.banks[0]!.bank.map((warning) => warning.rule)).toEqual(['pretest-pool']);
  });

  it('explains every rule it has', () => {
    expect(LINT_RULE_IDS).toHaveLength(10);
  });
});
