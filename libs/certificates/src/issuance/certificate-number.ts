import { randomBytes } from 'node:crypto';
import { CROCKFORD_ALPHABET, crockfordBase32 } from '@academy/core';

const ALPHABET = CROCKFORD_ALPHABET;
const RANDOM_CHARS = 26; // 130 bits from the CSPRNG
/** Each character's value by its code, -1 for none (every verification reads one number: no search). */
const VALUE = new Int8Array(128).fill(-1);
for (let value = 0; value < ALPHABET.length; value++) {
  VALUE[ALPHABET.charCodeAt(value)] = value;
}

function valueOf(character: number): number {
  return character < 128 ? VALUE[character]! : -1;
}

/**
 * The check character of Luhn's mod-N algorithm over base32 (N = 32): it catches every single
 * wrong character and every swap of two neighbouring ones but one, 0 and Z (the alphabet's
 * first and last), as Luhn's mod 10 misses 09 and 90. Numbers are drawn without that pair.
 */
export function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let index = body.length - 1; index >= 0; index--) {
    let addend = factor * valueOf(body.charCodeAt(index));
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 32) + (addend % 32);
    sum += addend;
  }
  return ALPHABET[(32 - (sum % 32)) % 32]!;
}

/**
 * `RA-7KQ4-M2XD-9PRT-A3BC-Z8WN-Q4HT-K9C`: 130 random bits in groups of four, then a check
 * character. Drawn again (about one draw in twenty) when 0 and Z stand side by side, the one swap
 * the check character cannot see: so a swap of any two neighbours in an issued number is caught,
 * at a cost of less than a tenth of a bit. Numbers issued before keep verifying as they were.
 */
export function newCertificateNumber(): string {
  for (;;) {
    const body = crockfordBase32(randomBytes(17), RANDOM_CHARS);
    const characters = body + checkCharacter(body);
    if (!/0Z|Z0/.test(characters)) {
      return formatNumber(characters);
    }
  }
}

function formatNumber(characters: string): string {
  let formatted = 'RA';
  for (let start = 0; start < characters.length; start += 4) {
    formatted += `-${characters.slice(start, start + 4)}`;
  }
  return formatted;
}

/**
 * Reads a typed number: case, spaces, dashes and the `RA` prefix do not matter; O, I and L read
 * as 0, 1, 1. Answers the canonical form, or null when it is not a well-formed number (wrong
 * length or check character), so a typo is caught before the database is asked.
 */
export function parseCertificateNumber(input: string): string | null {
  const characters = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/^RA/, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (characters.length !== RANDOM_CHARS + 1) {
    return null;
  }
  for (let index = 0; index < characters.length; index++) {
    if (valueOf(characters.charCodeAt(index)) < 0) {
      return null;
    }
  }
  const body = characters.slice(0, RANDOM_CHARS);
  return checkCharacter(body) === characters[RANDOM_CHARS] ? formatNumber(characters) : null;
}
