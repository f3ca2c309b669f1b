import { createHash } from 'node:crypto';

/** A deterministic random stream from a seed (SHA-256 in counter mode), so a served order can be re-derived. */
function randomStream(seed: string): () => number {
  let counter = 0;
  let buffer = Buffer.alloc(0);
  return () => {
    if (buffer.length < 4) {
      buffer = Buffer.concat([buffer, createHash('sha256').update(`${seed}:${counter++}`).digest()]);
    }
    const value = buffer.readUInt32BE(0);
    buffer = buffer.subarray(4);
    return value / 0x1_0000_0000;
  };
}

/** A Fisher-Yates shuffle of a copy of `items`, driven by `seed`. */
export function shuffled<T>(items: readonly T[], seed: string): T[] {
  const random = randomStream(seed);
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}
