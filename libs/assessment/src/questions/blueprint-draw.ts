import { shuffled } from './shuffle';

/** What the draw reads of a question: the objective it measures (module and position), if any. */
export interface Drawable {
  objectiveModuleId: string | null;
  objective: number | null;
}

/** Questions tagged with no objective are drawn as one group of their own. */
const UNTAGGED = 'untagged';

function objectiveKey(question: Drawable): string {
  return question.objective === null || question.objectiveModuleId === null
    ? UNTAGGED
    : `${question.objectiveModuleId}:${question.objective}`;
}

/**
 * Draws `count` questions to the blueprint: spread across the objectives as evenly as the bank
 * allows (each objective gets the same number, give or take one, until its questions run out,
 * and the others make up the rest), which questions and in what order decided by `seed`, so an
 * attempt's draw can be derived again. Questions without an objective are one group among them.
 */
export function drawToBlueprint<T extends Drawable>(bank: readonly T[], count: number, seed: string): T[] {
  const groups = new Map<string, T[]>();
  for (const question of shuffled(bank, `${seed}:items`)) {
    const key = objectiveKey(question);
    groups.set(key, [...(groups.get(key) ?? []), question]);
  }
  // Which objectives get the one extra question when the draw does not divide evenly: by seed.
  const order = shuffled([...groups.keys()].sort(), `${seed}:objectives`);
  const target = Math.min(count, bank.length);
  const picked: T[] = [];
  for (let round = 0; picked.length < target; round++) {
    for (const key of order) {
      const question = groups.get(key)![round];
      if (question && picked.length < target) {
        picked.push(question);
      }
    }
  }
  return shuffled(picked, `${seed}:order`);
}
