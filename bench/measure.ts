/** Runs `work` `iterations` times after a warm-up and answers the median time of one run in ms. */
export async function medianMs(work: () => Promise<unknown>, iterations = 400, warmUp = 50): Promise<number> {
  for (let index = 0; index < warmUp; index++) {
    await work();
  }
  const samples: number[] = [];
  for (let index = 0; index < iterations; index++) {
    const start = process.hrtime.bigint();
    await work();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((left, right) => left - right);
  return samples[Math.floor(samples.length / 2)]!;
}

/** Prints the two times and their ratio, with the ratio's target (`≤ 3`) when it has one. */
export function report(name: string, hotMs: number, baselineMs: number, target?: string): void {
  console.log(
    `${name}: ${hotMs.toFixed(3)} ms vs baseline ${baselineMs.toFixed(3)} ms → ratio ${(hotMs / baselineMs).toFixed(2)}${target ? ` (target ${target})` : ''}`,
  );
}
