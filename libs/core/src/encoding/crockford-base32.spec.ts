import { CROCKFORD_ALPHABET, crockfordBase32 } from './crockford-base32';

describe("Crockford's base32", () => {
  it('reads five bits a character, most significant first', () => {
    // 0b00000 00001 00010 00011 00100 00101 00110 0(0111…) = 0 1 2 3 4 5 6 7
    expect(crockfordBase32(Buffer.from([0x00, 0x44, 0x32, 0x14, 0xc7]), 8)).toBe('0123456' + '7');
    expect(crockfordBase32(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]), 8)).toBe('ZZZZZZZZ');
    expect(crockfordBase32(Buffer.from([0xff, 0xff]), 3)).toBe('ZZZ');
  });

  it('never writes I, L, O or U, and refuses to invent bits', () => {
    expect(CROCKFORD_ALPHABET).not.toMatch(/[ILOU]/);
    expect(() => crockfordBase32(Buffer.alloc(1), 2)).toThrow(RangeError);
  });
});
