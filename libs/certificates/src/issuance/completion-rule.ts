import type { CourseContent } from '@academy/catalog';

/** What the completion rule looks at for one enrolment. */
export interface CompletionFacts {
  content: Pick<CourseContent, 'modules' | 'skillsLabRequired'>;
  disclosuresAcknowledged: boolean;
  passed: Set<string>;
  evaluated: boolean;
  claims: { type: string; amount: number }[];
  labCompleted: boolean;
}

/**
 * What a learner still has to do before the certificate: every module quiz passed, the
 * evaluation submitted, credit claimed, disclosures acknowledged, and the skills lab signed off
 * at the required levels when the course requires one. Empty when the course is complete.
 */
export function missingRequirements(facts: CompletionFacts): string[] {
  const missing: string[] = [];
  if (!facts.disclosuresAcknowledged) {
    missing.push('Acknowledge the disclosures');
  }
  const quizzes = facts.content.modules.filter((module) => module.quiz);
  const unpassed = quizzes.filter((module) => !facts.passed.has(module.id));
  if (unpassed.length > 0) {
    missing.push(`Pass the quiz of ${unpassed.map((module) => module.title).join(', ')}`);
  }
  if (!facts.evaluated) {
    missing.push('Submit the course evaluation');
  }
  if (facts.claims.length === 0) {
    missing.push('Claim your credit');
  }
  if (facts.content.skillsLabRequired && !facts.labCompleted) {
    missing.push('Have your skills-lab checklist signed off');
  }
  return missing;
}

/** The certificate's expiry: the course's validity in months after issue, if it sets one. */
export function expiryOf(issuedAt: Date, validityMonths: number | undefined): Date | null {
  if (!validityMonths) {
    return null;
  }
  const expiry = new Date(issuedAt.getTime());
  const day = expiry.getUTCDate();
  expiry.setUTCDate(1);
  expiry.setUTCMonth(expiry.getUTCMonth() + validityMonths);
  // 31 January + 1 month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(expiry.getUTCFullYear(), expiry.getUTCMonth() + 1, 0)).getUTCDate();
  expiry.setUTCDate(Math.min(day, lastDay));
  return expiry;
}
