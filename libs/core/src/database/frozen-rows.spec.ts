import { FrozenRows } from './frozen-rows';

describe('FrozenRows', () => {
  it('answers what it kept, frozen to the last nested value', () => {
    const rows = new FrozenRows<{ content: { modules: string[] } }>(10);
    rows.keep('a', { content: { modules: ['one'] } });
    const kept = rows.get('a')!;
    expect(kept.content.modules).toEqual(['one']);
    expect(() => kept.content.modules.push('two')).toThrow(TypeError);
    expect(() => {
      (kept as { content: unknown }).content = {};
    }).toThrow(TypeError);
    expect(rows.get('b')).toBeUndefined();
  });

  it('lets the oldest go past its limit', () => {
    const rows = new FrozenRows<{ n: number }>(2);
    rows.keep('a', { n: 1 });
    rows.keep('b', { n: 2 });
    rows.keep('a', { n: 1 });
    rows.keep('c', { n: 3 });
    expect([rows.has('a'), rows.has('b'), rows.has('c')]).toEqual([false, true, true]);
  });
});
