import { drawToBlueprint } from './blueprint-draw';

const MODULE = '1d9e7c3a-2f4b-4e8a-b6c1-5a7d9e0f2c13';
const OTHER = '8e2f4a6c-1b3d-4f5e-9a7c-2d4e6f8a0b37';

/** `count` questions tagged with one objective (of `module`), or with none. */
function tagged(objective: number | null, count: number, module = MODULE) {
  return Array.from({ length: count }, (_, index) => ({
    id: `${module.slice(0, 4)}-${objective ?? 'none'}-${index}`,
    objectiveModuleId: objective === null ? null : module,
    objective,
  }));
}

const perObjective = (drawn: { objectiveModuleId: string | null; objective: number | null }[]) => {
  const counts: Record<string, number> = {};
  for (const question of drawn) {
    const key =
      question.objective === null
        ? 'none'
        : `${question.objectiveModuleId!.slice(0, 4)}:${question.objective}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

describe('drawing a quiz to the blueprint', () => {
  it('spreads the draw evenly across the objectives, whatever the bank’s proportions', () => {
    const bank = [...tagged(1, 12), ...tagged(2, 4), ...tagged(3, 4), ...tagged(4, 4)];
    for (const seed of ['attempt-1', 'attempt-2', 'attempt-3']) {
      expect(perObjective(drawToBlueprint(bank, 8, seed))).toEqual({
        '1d9e:1': 2,
        '1d9e:2': 2,
        '1d9e:3': 2,
        '1d9e:4': 2,
      });
    }
  });

  it('gives the questions left over to objectives by seed, never two more to one', () => {
    const bank = [...tagged(1, 5), ...tagged(2, 5), ...tagged(3, 5)];
    const counts = Object.values(perObjective(drawToBlueprint(bank, 8, 'seed'))).sort();
    expect(counts).toEqual([2, 3, 3]);
  });

  it('fills from the other objectives when one runs out', () => {
    const bank = [...tagged(1, 1), ...tagged(2, 10), ...tagged(3, 10)];
    expect(perObjective(drawToBlueprint(bank, 9, 'seed'))).toEqual({ '1d9e:1': 1, '1d9e:2': 4, '1d9e:3': 4 });
  });

  it('draws a pre-test pool by objective of every module, questions without one as a group of their own', () => {
    const pool = [...tagged(1, 6), ...tagged(1, 6, OTHER), ...tagged(null, 6)];
    expect(perObjective(drawToBlueprint(pool, 6, 'pretest'))).toEqual({ '1d9e:1': 2, '8e2f:1': 2, none: 2 });
  });

  it('serves the whole bank when it is smaller than the draw, each question once', () => {
    const bank = [...tagged(1, 2), ...tagged(2, 1)];
    const drawn = drawToBlueprint(bank, 8, 'seed');
    expect(drawn).toHaveLength(3);
    expect(new Set(drawn.map((question) => question.id)).size).toBe(3);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const bank = [...tagged(1, 10), ...tagged(2, 10)];
    const ids = (seed: string) => drawToBlueprint(bank, 8, seed).map((question) => question.id);
    expect(ids('attempt-a')).toEqual(ids('attempt-a'));
    expect(ids('attempt-a')).not.toEqual(ids('attempt-b'));
  });
});
