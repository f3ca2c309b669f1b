/**
 * Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or typed is hard to get
 * wrong. The one encoder for the codes people type (certificate numbers, lab tickets).
 */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The first `length` characters of `bytes` in Crockford's base32, five bits a character. */
export function crockfordBase32(bytes: Uint8Array, length: number): string {
  if (length * 5 > bytes.length * 8) {
    throw new RangeError(`${bytes.length} bytes give fewer than ${length} base32 characters`);
  }
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += CROCKFORD_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}
