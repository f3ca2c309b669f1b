import type { ChecklistEntry, ChecklistStep } from '../labs/lab.types';

/** Steps not yet recorded at all (signing needs every step assessed). */
export function unrecordedSteps(template: ChecklistStep[], entries: ChecklistEntry[]): ChecklistStep[] {
  const recorded = new Set(entries.map((entry) => entry.stepId));
  return template.filter((step) => !recorded.has(step.id));
}

/** Steps recorded below their required entrustment level (or not recorded). */
export function stepsBelowLevel(template: ChecklistStep[], entries: ChecklistEntry[]): ChecklistStep[] {
  const levels = new Map(entries.map((entry) => [entry.stepId, entry.level]));
  return template.filter((step) => (levels.get(step.id) ?? 0) < step.requiredLevel);
}

/** The lab requirement is met once the checklist is signed with every step at its required level. */
export function requirementMet(
  template: ChecklistStep[],
  entries: ChecklistEntry[],
  signed: boolean,
): boolean {
  return signed && template.length > 0 && stepsBelowLevel(template, entries).length === 0;
}
