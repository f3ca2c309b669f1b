import { VC_V2_CONTEXT, xsdDateTime } from '@academy/certificates';
import type { DataIntegrityProofJson } from '@academy/certificates';

/**
 * A signed statement of the ledger's head: "after `entryCount` entries, the last entry's hash
 * was `headHash`". It is a W3C Verifiable Credential 2.0 issued by the academy's current
 * did:key, with the same Data Integrity proof as its certificates and status lists
 * (`eddsa-rdfc-2022`, Ed25519): any VC 2.0 verifier checks it offline against the keys at
 * `GET /issuer` (a did:key carries its public key). The terms it adds (`LedgerCheckpoint`,
 * `LedgerHead`, `entryCount`, `headHash`) are defined inline, in the namespace the VC 2.0
 * specification sets aside for issuer-dependent terms, so the proof covers them like any other
 * and no context needs fetching.
 */
export interface CheckpointCredential {
  '@context': [string, Record<string, string>];
  id: string;
  type: ['VerifiableCredential', 'LedgerCheckpoint'];
  issuer: string;
  validFrom: string;
  name: string;
  credentialSubject: {
    id: string;
    type: 'LedgerHead';
    entryCount: number;
    headHash: string;
  };
  proof?: DataIntegrityProofJson;
}

const ISSUER_DEPENDENT = 'https://www.w3.org/ns/credentials/issuer-dependent#';

/** The checkpoint's own terms, after the VC 2.0 context (which protects its terms, not these). */
export const CHECKPOINT_CONTEXT: Record<string, string> = {
  LedgerCheckpoint: `${ISSUER_DEPENDENT}LedgerCheckpoint`,
  LedgerHead: `${ISSUER_DEPENDENT}LedgerHead`,
  entryCount: `${ISSUER_DEPENDENT}entryCount`,
  headHash: `${ISSUER_DEPENDENT}headHash`,
};

/** The unsigned checkpoint credential. */
export function buildCheckpointCredential(options: {
  id: string;
  issuerDid: string;
  publicUrl: string;
  academyName: string;
  entryCount: number;
  headHash: string;
  at: Date;
}): CheckpointCredential {
  return {
    '@context': [VC_V2_CONTEXT, CHECKPOINT_CONTEXT],
    id: `urn:uuid:${options.id}`,
    type: ['VerifiableCredential', 'LedgerCheckpoint'],
    issuer: options.issuerDid,
    validFrom: xsdDateTime(options.at),
    name: `${options.academyName} ledger checkpoint: ${options.entryCount} entries`,
    credentialSubject: {
      id: `${options.publicUrl.replace(/\/+$/, '')}/ledger`,
      type: 'LedgerHead',
      entryCount: options.entryCount,
      headHash: options.headHash,
    },
  };
}

/** What a stored credential claims, if it is shaped like a checkpoint credential. */
export function claimOf(
  credential: unknown,
): { issuer: string; entryCount: number; headHash: string } | null {
  if (typeof credential !== 'object' || credential === null) {
    return null;
  }
  const { issuer, credentialSubject } = credential as { issuer?: unknown; credentialSubject?: unknown };
  if (typeof issuer !== 'string' || typeof credentialSubject !== 'object' || credentialSubject === null) {
    return null;
  }
  const { entryCount, headHash } = credentialSubject as { entryCount?: unknown; headHash?: unknown };
  if (typeof entryCount !== 'number' || typeof headHash !== 'string') {
    return null;
  }
  return { issuer, entryCount, headHash };
}
