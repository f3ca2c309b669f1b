import type { ChecklistEntry, ChecklistStep } from '../labs/lab.types';
import { requirementMet, stepsBelowLevel, unrecordedSteps } from './checklist-rules';

const template: ChecklistStep[] = [
  { id: 'landmarking', title: 'Landmarks the PSIS', requiredLevel: 3 },
  { id: 'aspiration', title: 'Aspirates small volumes', requiredLevel: 4 },
];

function entry(stepId: string, level: number): ChecklistEntry {
  return { stepId, level, comment: null, recordedBy: 'instructor', recordedAt: new Date(0) };
}

describe('checklist rules', () => {
  it('needs every step recorded before signing', () => {
    expect(unrecordedSteps(template, [entry('landmarking', 5)]).map((step) => step.id)).toEqual([
      'aspiration',
    ]);
    expect(unrecordedSteps(template, [entry('landmarking', 1), entry('aspiration', 1)])).toEqual([]);
  });

  it('meets the requirement only when signed with every step at its level', () => {
    const atLevel = [entry('landmarking', 3), entry('aspiration', 4)];
    expect(requirementMet(template, atLevel, true)).toBe(true);
    expect(requirementMet(template, atLevel, false)).toBe(false);
    const below = [entry('landmarking', 5), entry('aspiration', 3)];
    expect(requirementMet(template, below, true)).toBe(false);
    expect(stepsBelowLevel(template, below).map((step) => step.id)).toEqual(['aspiration']);
    expect(requirementMet([], [], true)).toBe(false);
  });
});
