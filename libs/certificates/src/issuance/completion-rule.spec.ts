import type { CourseModule } from '@academy/catalog';
import { CompletionFacts, expiryOf, missingRequirements } from './completion-rule';

const modules = [
  { id: 'anatomy', title: 'Anatomy', quiz: {} },
  { id: 'extraction', title: 'Extraction', quiz: {} },
  { id: 'reading', title: 'Further reading' },
] as unknown as CourseModule[];

function facts(overrides: Partial<CompletionFacts> = {}): CompletionFacts {
  return {
    content: { modules, skillsLabRequired: true },
    disclosuresAcknowledged: true,
    passed: new Set(['anatomy', 'extraction']),
    evaluated: true,
    claims: [{ type: 'AMA PRA Category 1 Credit™', amount: 2 }],
    labCompleted: true,
    ...overrides,
  };
}

describe('the completion rule', () => {
  it('is met with every quiz, the evaluation, a claim, the disclosures and the lab', () => {
    expect(missingRequirements(facts())).toEqual([]);
  });

  it.each([
    ['disclosures', { disclosuresAcknowledged: false }, 'Acknowledge the disclosures'],
    ['a quiz', { passed: new Set(['anatomy']) }, 'Pass the quiz of Extraction'],
    ['the evaluation', { evaluated: false }, 'Submit the course evaluation'],
    ['a claim', { claims: [] }, 'Claim your credit'],
    ['the lab', { labCompleted: false }, 'Have your skills-lab checklist signed off'],
  ])('names %s when it is missing', (_name, overrides, message) => {
    expect(missingRequirements(facts(overrides))).toEqual([message]);
  });

  it('does not ask for a lab the course does not require, nor a quiz a module does not have', () => {
    expect(
      missingRequirements(facts({ content: { modules, skillsLabRequired: false }, labCompleted: false })),
    ).toEqual([]);
  });

  it('expires after the course’s validity, at month ends too', () => {
    expect(expiryOf(new Date('2026-11-22T10:00:00Z'), undefined)).toBeNull();
    expect(expiryOf(new Date('2026-11-22T10:00:00Z'), 36)).toEqual(new Date('2029-11-22T10:00:00Z'));
    expect(expiryOf(new Date('2027-01-31T10:00:00Z'), 1)).toEqual(new Date('2027-02-28T10:00:00Z'));
  });
});
