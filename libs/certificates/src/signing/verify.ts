import { Injectable } from '@nestjs/common';
import { Clock } from '@academy/core';
import type { StatusPurpose } from './credential';
import { STATUS_PURPOSES } from './credential';
import { documentLoader } from './document-loader';
import { IssuerKeys } from './issuer-keys';
import { signingLibraries } from './libraries';
import { decodeStatusList, StatusLists } from './status-list';

/** Why a credential does not verify. */
export type CredentialProblem =
  | 'unreadable'
  | 'bad_signature'
  | 'unknown_issuer'
  | 'signed_after_key_retired'
  | 'revoked'
  | 'suspended'
  | 'status_unavailable'
  | 'not_yet_valid'
  | 'expired';

/** What a person reading the verification page is told, per problem. */
export const CREDENTIAL_PROBLEMS: Record<CredentialProblem, string> = {
  unreadable: 'not a credential this verifier can read',
  bad_signature: 'signature does not match the credential',
  unknown_issuer: 'issued by a key this academy does not know',
  signed_after_key_retired: 'signed with a key after the academy retired it',
  revoked: 'revoked',
  suspended: 'suspended',
  status_unavailable: 'its revocation and suspension status could not be checked',
  not_yet_valid: 'not valid yet',
  expired: 'expired',
};

/** A key the academy signs or signed with, and when. */
export interface KnownIssuerKey {
  did: string;
  validFrom: Date;
  validUntil: Date | null;
}

/** Answers the status list credential JSON at a URL, or null when there is none. */
export type StatusListLoader = (url: string) => Promise<unknown>;

export interface CredentialVerification {
  verified: boolean;
  /** Human-readable, in the order checked; empty when verified. */
  problems: string[];
  codes: CredentialProblem[];
  /** The DID the credential names as issuer, when it names one. */
  issuerDid: string | null;
}

// Clocks of issuers and verifiers disagree a little (the VC library allows the same).
const CLOCK_SKEW_MS = 300_000;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string') {
    return null;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function issuerOf(credential: Json): string | null {
  const issuer = credential.issuer;
  const id = isObject(issuer) ? issuer.id : issuer;
  return typeof id === 'string' ? id : null;
}

function messagesOf(error: unknown, seen = new Set<unknown>()): string[] {
  if (!error || typeof error !== 'object' || seen.has(error)) {
    return [];
  }
  seen.add(error);
  const { message, errors, cause, details } = error as {
    message?: unknown;
    errors?: unknown;
    cause?: unknown;
    details?: { cause?: unknown };
  };
  return [
    ...(typeof message === 'string' ? [message] : []),
    ...(Array.isArray(errors) ? errors.flatMap((inner) => messagesOf(inner, seen)) : []),
    ...messagesOf(cause, seen),
    ...messagesOf(details?.cause, seen),
  ];
}

/**
 * Checks a credential's Data Integrity proof offline (bundled contexts, did:key), answering
 * `'ok'`, `'bad_signature'` or `'unreadable'` (not a VC, or needs a context we do not ship).
 * Validity dates are left to the caller, so an expired credential still shows a good signature.
 */
export async function checkProof(credential: Json): Promise<'ok' | 'bad_signature' | 'unreadable'> {
  const { vc, dataIntegrity, eddsaRdfc2022 } = await signingLibraries();
  const validFrom = dateOf(credential.validFrom);
  const result = await vc.verifyCredential({
    credential,
    suite: new dataIntegrity.DataIntegrityProof({ cryptosuite: eddsaRdfc2022.cryptosuite }),
    documentLoader,
    // Status is checked by the caller, against the academy's lists.
    checkStatus: () => Promise.resolve({ verified: true }),
    now: validFrom ?? dateOf(credential.validUntil) ?? undefined,
  });
  if (result.verified) {
    return 'ok';
  }
  const messages = messagesOf(result.error);
  if (messages.some((message) => message.includes('is not bundled'))) {
    return 'unreadable';
  }
  // Proof checks fail as a VerificationError; anything else is the credential's shape.
  return result.error?.name === 'VerificationError' ? 'bad_signature' : 'unreadable';
}

// Lists are matched by path: the host is the academy's PUBLIC_URL of the day.
function sameListPath(listId: unknown, url: string): boolean {
  try {
    return typeof listId === 'string' && new URL(listId).pathname === new URL(url).pathname;
  } catch {
    return false;
  }
}

async function statusSet(
  entry: Json,
  options: { statusListLoader: StatusListLoader; knownKeys: readonly KnownIssuerKey[] },
): Promise<boolean | 'unavailable'> {
  const url = entry.statusListCredential;
  const index = typeof entry.statusListIndex === 'string' ? Number(entry.statusListIndex) : NaN;
  if (typeof url !== 'string' || !Number.isSafeInteger(index) || index < 0) {
    return 'unavailable';
  }
  let list: unknown;
  try {
    list = await options.statusListLoader(url);
  } catch {
    return 'unavailable';
  }
  if (!isObject(list) || !isObject(list.credentialSubject)) {
    return 'unavailable';
  }
  const listIssuer = issuerOf(list);
  const subject = list.credentialSubject;
  if (
    !Array.isArray(list.type) ||
    !list.type.includes('BitstringStatusListCredential') ||
    !sameListPath(list.id, url) ||
    subject.statusPurpose !== entry.statusPurpose ||
    typeof subject.encodedList !== 'string' ||
    // Any of the academy's keys may sign a list: a list outlives the key of its first entries.
    !options.knownKeys.some((key) => key.did === listIssuer) ||
    (await checkProof(list)) !== 'ok'
  ) {
    return 'unavailable';
  }
  try {
    const bits = await decodeStatusList(subject.encodedList);
    return index < bits.length ? bits.isSet(index) : 'unavailable';
  } catch {
    return 'unavailable';
  }
}

/**
 * Verifies a credential offline, as the academy's verifier does for an uploaded file: its
 * proof (eddsa-rdfc-2022, did:key), that the signing key is one of the academy's and was not
 * retired when it signed, the revocation and suspension lists (themselves verified), and the
 * validity window at `now`.
 */
export async function verifyCredential(
  credential: unknown,
  options: { statusListLoader: StatusListLoader; knownKeys: readonly KnownIssuerKey[]; now?: Date },
): Promise<CredentialVerification> {
  const now = options.now ?? new Date();
  const codes: CredentialProblem[] = [];
  const answer = (issuerDid: string | null): CredentialVerification => ({
    verified: codes.length === 0,
    problems: codes.map((code) => CREDENTIAL_PROBLEMS[code]),
    codes,
    issuerDid,
  });

  if (!isObject(credential) || !isObject(credential.proof)) {
    codes.push('unreadable');
    return answer(isObject(credential) ? issuerOf(credential) : null);
  }
  const issuerDid = issuerOf(credential);

  const proof = await checkProof(credential);
  if (proof !== 'ok') {
    codes.push(proof);
  }
  const key = options.knownKeys.find((known) => known.did === issuerDid);
  if (!key) {
    codes.push('unknown_issuer');
  } else if (proof === 'ok' && key.validUntil) {
    const signedAt = dateOf(credential.proof.created) ?? dateOf(credential.validFrom);
    if (!signedAt || signedAt.getTime() > key.validUntil.getTime() + CLOCK_SKEW_MS) {
      codes.push('signed_after_key_retired');
    }
  }

  // A status list only speaks for a genuine credential of ours.
  if (codes.length === 0) {
    const entries = (
      Array.isArray(credential.credentialStatus) ? credential.credentialStatus : [credential.credentialStatus]
    )
      .filter(isObject)
      .filter((entry) => entry.type === 'BitstringStatusListEntry');
    let unavailable = false;
    for (const purpose of STATUS_PURPOSES) {
      for (const entry of entries.filter((candidate) => candidate.statusPurpose === purpose)) {
        const set = await statusSet(entry, options);
        if (set === 'unavailable') {
          unavailable = true;
        } else if (set) {
          codes.push(purpose === 'revocation' ? 'revoked' : 'suspended');
        }
      }
    }
    if (unavailable) {
      codes.push('status_unavailable');
    }
  }

  const validFrom = dateOf(credential.validFrom);
  const validUntil = dateOf(credential.validUntil);
  if (validFrom && validFrom.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    codes.push('not_yet_valid');
  }
  if (validUntil && validUntil.getTime() <= now.getTime()) {
    codes.push('expired');
  }
  return answer(issuerDid);
}

const STATUS_LIST_PATH =
  /\/credentials\/status\/(revocation|suspension)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/(\d{1,9})$/;

/**
 * The academy's verifier of credential files: `verifyCredential` with the academy's keys, its
 * own status lists (by path, so lists keep answering after a change of PUBLIC_URL) and clock.
 */
@Injectable()
export class CredentialVerifier {
  constructor(
    private readonly issuerKeys: IssuerKeys,
    private readonly statusLists: StatusLists,
    private readonly clock: Clock,
  ) {}

  async verify(credential: unknown): Promise<CredentialVerification> {
    return verifyCredential(credential, {
      knownKeys: await this.issuerKeys.all(),
      now: this.clock.now(),
      statusListLoader: (url) => {
        const match = STATUS_LIST_PATH.exec(url);
        if (!match) {
          return Promise.resolve(null);
        }
        return this.statusLists.credentialFor(match[1] as StatusPurpose, match[2]!, Number(match[3]));
      },
    });
  }
}
