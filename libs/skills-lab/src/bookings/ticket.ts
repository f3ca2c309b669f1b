import { randomBytes, timingSafeEqual } from 'node:crypto';
import { crockfordBase32 } from '@academy/core';

const RANDOM_CHARS = 12; // 60 bits from the CSPRNG
const TAG_CHARS = 8; // 40 bits of HMAC

/** Signs a ticket's random part; `sign` is the application's HMAC for the ticket purpose. */
export type TicketSigner = (data: string) => Buffer;

/**
 * A new ticket code: 12 random characters and an 8-character signature over them, 20 characters
 * in all. Unguessable (60 random bits, and a forged code also needs the 40-bit signature), and
 * checked before the database is asked.
 */
export function newTicketCode(sign: TicketSigner): string {
  const random = crockfordBase32(randomBytes(8), RANDOM_CHARS);
  return random + crockfordBase32(sign(random), TAG_CHARS);
}

/** True when the code's signature matches its random part. */
export function ticketSignatureValid(code: string, sign: TicketSigner): boolean {
  if (!/^[0-9A-Z]{20}$/.test(code)) {
    return false;
  }
  const expected = Buffer.from(crockfordBase32(sign(code.slice(0, RANDOM_CHARS)), TAG_CHARS));
  return timingSafeEqual(expected, Buffer.from(code.slice(RANDOM_CHARS)));
}

/** Reads a typed or scanned code: case, spaces and dashes do not matter; O, I and L read as 0, 1, 1. */
export function normaliseTicketCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** `ABCD-EFGH-JKMN-PQRS-TVWX`: five groups of four, for reading and typing. */
export function formatTicketCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}
