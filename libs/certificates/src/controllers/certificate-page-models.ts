import { dateWithZone } from '@academy/core';
import type { Certificate, VerificationStatus } from '../issuance/certificate.types';
import type { CredentialProblem } from '../signing/verify';
import type { VerificationAnswer } from '../verification/verification.service';

export const VIEWS = 'libs/certificates/views';

/** How a status reads on a page: its word, its colour (a CSS modifier) and a sentence. */
export interface StatusInWords {
  status: VerificationStatus;
  label: string;
  /** The label in a table column. */
  short: string;
  tone: 'valid' | 'revoked' | 'suspended' | 'expired' | 'unknown';
}

const STATUS_WORDS: Record<VerificationStatus, Omit<StatusInWords, 'status'>> = {
  valid: { label: 'Valid', short: 'Valid', tone: 'valid' },
  revoked: { label: 'Revoked', short: 'Revoked', tone: 'revoked' },
  suspended: { label: 'Suspended', short: 'Suspended', tone: 'suspended' },
  expired: { label: 'Expired', short: 'Expired', tone: 'expired' },
  unknown: { label: 'Unknown number', short: 'Unknown', tone: 'unknown' },
  invalid: { label: 'Not a certificate number', short: 'Not a number', tone: 'unknown' },
};

export function statusInWords(status: VerificationStatus): StatusInWords {
  return { status, ...STATUS_WORDS[status] };
}

/**
 * "14 March 2026 (New York time)": the day a moment (an issue, an expiry, a status change) falls
 * on in the academy's zone, saying whose calendar it is.
 */
export function dayAt(date: Date | string | null, zone: string): string | null {
  return date === null ? null : dateWithZone(new Date(date), zone);
}

/** "14 March 2026": a calendar day, in UTC like the certificate itself. */
export function dayOf(date: Date | string | null): string | null {
  if (date === null) {
    return null;
  }
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(date));
}

/** A credit amount without floating-point dust: 3.25, 6, 1.5. */
export function amountOf(amount: number): string {
  return String(Math.round(amount * 100) / 100);
}

export function creditsInWords(credits: readonly { type: string; amount: number }[]): string[] {
  return credits.map((credit) => `${amountOf(credit.amount)} ${credit.type}`);
}

/** What a person is told about each problem a credential file has. */
export function credentialProblemInWords(code: CredentialProblem): string {
  switch (code) {
    case 'unreadable':
      return 'This is not a credential the academy’s verifier can read.';
    case 'bad_signature':
      return 'The signature does not match: the credential was changed after it was signed, or it was never signed by the academy.';
    case 'unknown_issuer':
      return 'It was not signed with any of the academy’s keys.';
    case 'signed_after_key_retired':
      return 'It was signed with an academy key after that key was retired.';
    case 'key_revoked':
      return 'It was signed with an academy key that has since been revoked (lost or misused): ask the holder for the credential the academy issued again.';
    case 'revoked':
      return 'The academy has revoked it.';
    case 'suspended':
      return 'The academy has suspended it.';
    case 'withdrawn':
      return 'The academy has revoked or suspended it; the certificate’s verification page says which, and why.';
    case 'status_unavailable':
      return 'Its revocation and suspension status could not be checked.';
    case 'not_yet_valid':
      return 'It is not valid yet.';
    case 'expired':
      return 'It has expired.';
  }
}

/**
 * Why a row of a bulk check has its status, in words: "Not a certificate number", "Unknown
 * number: …", "Revoked on 3 March 2026: Issued in error", "Valid until 1 May 2028" (and "; renewed
 * by certificate RA-…" when one renews it). Null is a row
 * with nothing in its column of numbers. Days in UTC, like the certificate itself.
 */
export function bulkReasonInWords(answer: VerificationAnswer | null): string {
  if (answer === null) {
    return 'No certificate number in this row';
  }
  const renewed = (said: string): string =>
    answer.renewedBy ? `${said}; renewed by certificate ${answer.renewedBy.number}` : said;
  const since = (what: string): string => {
    const on = dayOf(answer.statusChangedAt);
    const said = on ? `${what} on ${on}` : what;
    return answer.reason ? `${said}: ${answer.reason}` : said;
  };
  switch (answer.status) {
    case 'invalid':
      return 'Not a certificate number';
    case 'unknown':
      return 'Unknown number: no certificate of the academy has it';
    case 'revoked':
      return since('Revoked');
    case 'suspended':
      return since('Suspended');
    case 'expired':
      return renewed(`Expired on ${dayOf(answer.expiresAt) ?? 'an unknown day'}`);
    case 'valid':
      return renewed(answer.expiresAt ? `Valid until ${dayOf(answer.expiresAt)}` : 'Valid; does not expire');
  }
}

/**
 * The certificates a certificate's renewal links it with, as links on `base` (the holder's pages
 * or the admin's): the one it renews, and the one that renewed it.
 */
export function renewalLinks(
  certificate: Pick<Certificate, 'renewsNumber' | 'renewedByNumber'>,
  base: string,
): { renews: { number: string; href: string } | null; renewedBy: { number: string; href: string } | null } {
  const link = (number: string | null | undefined) => (number ? { number, href: `${base}${number}` } : null);
  return { renews: link(certificate.renewsNumber), renewedBy: link(certificate.renewedByNumber) };
}
