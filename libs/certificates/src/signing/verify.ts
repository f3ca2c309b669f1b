import { Injectable } from '@nestjs/common';
import { Clock } from '@academy/core';
import type { StatusListKind } from './credential';
import type { DidDocument } from './did-web';
import { DocumentLoader, documentLoader, loaderWithDidWeb } from './document-loader';
import { IssuerKeys } from './issuer-keys';
import { signingLibraries } from './libraries';
import { decodeStatusList, StatusLists } from './status-list';

/** Why a credential does not verify. */
export type CredentialProblem =
  | 'unreadable'
  | 'bad_signature'
  | 'unknown_issuer'
  | 'signed_after_key_retired'
  | 'key_revoked'
  | 'revoked'
  | 'suspended'
  | 'withdrawn'
  | 'status_unavailable'
  | 'not_yet_valid'
  | 'expired';

/** What a person reading the verification page is told, per problem. */
export const CREDENTIAL_PROBLEMS: Record<CredentialProblem, string> = {
  unreadable: 'not a credential this verifier can read',
  bad_signature: 'signature does not match the credential',
  unknown_issuer: 'issued by a key this academy does not know',
  signed_after_key_retired: 'signed with a key after the academy retired it',
  key_revoked: 'signed with a key the academy has revoked: ask the holder for the credential issued again',
  revoked: 'revoked',
  suspended: 'suspended',
  withdrawn: 'revoked or suspended (the verification page says which, and why)',
  status_unavailable: 'its revocation and suspension status could not be checked',
  not_yet_valid: 'not valid yet',
  expired: 'expired',
};

/** A key the academy signs or signed with, and when. */
export interface KnownIssuerKey {
  /** The key's did:key (the issuer of credentials signed before did:web). */
  did: string;
  publicKeyMultibase: string;
  validFrom: Date;
  validUntil: Date | null;
  revokedAt: Date | null;
}

/** Whose credentials these are: the academy's keys, and its did:web document naming them. */
export interface KnownIssuer {
  keys: readonly KnownIssuerKey[];
  /** The academy's DID document: did:web credentials verify against it, offline. */
  didDocument?: DidDocument;
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

/** The offline loader that also resolves the academy's did:web from its document. */
export function issuerLoader(didDocument: DidDocument | undefined): DocumentLoader {
  return didDocument
    ? loaderWithDidWeb((did) => (did === didDocument.id ? didDocument : null))
    : documentLoader;
}

/**
 * Checks a credential's Data Integrity proof offline (bundled contexts, did:key, and did:web
 * documents the loader holds), answering `'ok'`, `'bad_signature'` or `'unreadable'` (not a VC,
 * or needs a context or DID we do not know). Validity dates are left to the caller, so an expired
 * credential still shows a good signature.
 */
export async function checkProof(
  credential: Json,
  loader: DocumentLoader = documentLoader,
): Promise<'ok' | 'bad_signature' | 'unreadable'> {
  const { vc, dataIntegrity, eddsaRdfc2022 } = await signingLibraries();
  const validFrom = dateOf(credential.validFrom);
  const result = await vc.verifyCredential({
    credential,
    suite: new dataIntegrity.DataIntegrityProof({ cryptosuite: eddsaRdfc2022.cryptosuite }),
    documentLoader: loader,
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
  options: { statusListLoader: StatusListLoader; issuerDids: ReadonlySet<string>; loader: DocumentLoader },
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
    !options.issuerDids.has(listIssuer ?? '') ||
    (await checkProof(list, options.loader)) !== 'ok'
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

/** The key a proof names (`<DID>#<publicKeyMultibase>`), under its did:key or the academy's did:web. */
function signingKeyOf(
  proof: Json,
  issuerDid: string | null,
  issuer: KnownIssuer,
): KnownIssuerKey | undefined {
  const method = typeof proof.verificationMethod === 'string' ? proof.verificationMethod : '';
  const [did, fragment] = method.split('#');
  if (!did || did !== issuerDid) {
    return undefined;
  }
  return issuer.keys.find(
    (key) => key.publicKeyMultibase === fragment && (did === key.did || did === issuer.didDocument?.id),
  );
}

/**
 * Verifies a credential offline, as the academy's verifier does for an uploaded file: its
 * proof (eddsa-rdfc-2022; did:web against the academy's DID document, or did:key), that the
 * signing key is one of the academy's, not revoked, and not retired when it signed, the status
 * lists (themselves verified), and the validity window at `now`.
 */
export async function verifyCredential(
  credential: unknown,
  options: { statusListLoader: StatusListLoader; issuer: KnownIssuer; now?: Date },
): Promise<CredentialVerification> {
  const now = options.now ?? new Date();
  const codes: CredentialProblem[] = [];
  const answer = (issuerDid: string | null): CredentialVerification => ({
    verified: codes.length === 0,
    problems: codes.map((code) => CREDENTIAL_PROBLEMS[code]),
    codes,
    issuerDid,
  });

  // One proof, alone or as a proof set of one (as Open Badges 3.0 types it).
  const proofOf = (value: unknown): unknown =>
    Array.isArray(value) && value.length === 1 ? value[0] : value;
  const signature = isObject(credential) ? proofOf(credential.proof) : undefined;
  if (!isObject(credential) || !isObject(signature)) {
    codes.push('unreadable');
    return answer(isObject(credential) ? issuerOf(credential) : null);
  }
  const issuerDid = issuerOf(credential);
  const loader = issuerLoader(options.issuer.didDocument);

  const key = signingKeyOf(signature, issuerDid, options.issuer);
  if (key?.revokedAt) {
    // The DID document no longer lets a revoked key assert anything: say why, not "bad signature".
    codes.push('key_revoked');
  } else {
    const proof = await checkProof(credential, loader);
    if (proof !== 'ok') {
      codes.push(proof);
    }
    if (!key) {
      codes.push('unknown_issuer');
    } else if (proof === 'ok' && key.validUntil) {
      const signedAt = dateOf(signature.created) ?? dateOf(credential.validFrom);
      if (!signedAt || signedAt.getTime() > key.validUntil.getTime() + CLOCK_SKEW_MS) {
        codes.push('signed_after_key_retired');
      }
    }
  }

  // A status list only speaks for a genuine credential of ours.
  if (codes.length === 0) {
    // A did:web credential has one entry, in the standing list (revoked or suspended);
    // did:key credentials have two, revocation and suspension.
    const single = !Array.isArray(credential.credentialStatus);
    const entries = (single ? [credential.credentialStatus] : (credential.credentialStatus as unknown[]))
      .filter(isObject)
      .filter((entry) => entry.type === 'BitstringStatusListEntry');
    const issuerDids = new Set([
      ...options.issuer.keys.map((known) => known.did),
      ...(options.issuer.didDocument ? [options.issuer.didDocument.id] : []),
    ]);
    let unavailable = false;
    for (const entry of entries) {
      const set = await statusSet(entry, { statusListLoader: options.statusListLoader, issuerDids, loader });
      if (set === 'unavailable') {
        unavailable = true;
      } else if (set) {
        codes.push(entry.statusPurpose === 'revocation' ? 'revoked' : single ? 'withdrawn' : 'suspended');
      }
    }
    if (unavailable || entries.length === 0) {
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

// `/credentials/status/[revocation|suspension/]<key id>/<list no>`: no purpose is the standing list.
const STATUS_LIST_PATH =
  /\/credentials\/status\/(?:(revocation|suspension)\/)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/(\d{1,9})$/;

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
      // One read of the keys: the DID document is built from the same rows.
      issuer: await this.issuerKeys.withDidDocument(),
      now: this.clock.now(),
      statusListLoader: (url) => {
        const match = STATUS_LIST_PATH.exec(url);
        if (!match) {
          return Promise.resolve(null);
        }
        const kind = (match[1] ?? 'standing') as StatusListKind;
        return this.statusLists.credentialFor(kind, match[2]!, Number(match[3]));
      },
    });
  }
}
