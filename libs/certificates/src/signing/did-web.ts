import { xsdDateTime } from './credential';

/**
 * The academy's `did:web` identity (W3C did:web method, https://w3c-ccg.github.io/did-method-web/):
 * the DID names the academy's own web address, so a verifier sees who issued a credential, and
 * its document at `/.well-known/did.json` lists every key the academy signs or signed with.
 */

/** The DID Core and Multikey contexts a DID document names. */
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';

/**
 * The did:web of a public URL: the host (a port percent-encoded, as the method says), then each
 * path segment after a colon. `https://academy.example.org` → `did:web:academy.example.org`.
 */
export function didWebOf(publicUrl: string): string {
  const url = new URL(publicUrl);
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  return ['did:web', encodeURIComponent(url.host), ...segments.map(encodeURIComponent)].join(':');
}

/**
 * Where a did:web's document lives: `/.well-known/did.json` for a bare host, `<path>/did.json`
 * for one with a path. Only https is resolved by wallets; `http` is for a local academy.
 */
export function didWebDocumentUrl(did: string, scheme: 'https' | 'http' = 'https'): string {
  const [method, name, host, ...segments] = did.split(':');
  if (method !== 'did' || name !== 'web' || !host) {
    throw new TypeError(`Not a did:web: "${did}"`);
  }
  const path = segments.length > 0 ? `/${segments.map(decodeURIComponent).join('/')}` : '/.well-known';
  return `${scheme}://${decodeURIComponent(host)}${path}/did.json`;
}

/** A verification method of the academy's DID: one Ed25519 key as a Multikey. */
export interface DidVerificationMethod {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
  /** When the academy revoked the key (it was compromised or misused): nothing it signed counts. */
  revoked?: string;
}

export interface DidDocument {
  '@context': string[];
  id: string;
  /** The academy's web address, for people and wallets that show who the DID is. */
  alsoKnownAs: string[];
  verificationMethod: DidVerificationMethod[];
  /** Keys whose signatures on credentials count: every key but revoked ones. */
  assertionMethod: string[];
}

/** A key as the DID document lists it. */
export interface DidKeyEntry {
  publicKeyMultibase: string;
  revokedAt: Date | null;
}

/** The verification method id of a key under a DID: the key itself is the fragment. */
export function verificationMethodId(did: string, publicKeyMultibase: string): string {
  return `${did}#${publicKeyMultibase}`;
}

/**
 * The academy's DID document: every key it ever signed with (the current one and those a rotation
 * retired stay assertion methods, so what they signed keeps verifying); a revoked key stays
 * listed with the moment it was revoked, and is no assertion method any more.
 */
export function didDocument(did: string, publicUrl: string, keys: readonly DidKeyEntry[]): DidDocument {
  const methods = keys.map((key): DidVerificationMethod => ({
    id: verificationMethodId(did, key.publicKeyMultibase),
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: key.publicKeyMultibase,
    ...(key.revokedAt ? { revoked: xsdDateTime(key.revokedAt) } : {}),
  }));
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: did,
    alsoKnownAs: [publicUrl.replace(/\/+$/, '')],
    verificationMethod: methods,
    assertionMethod: methods.filter((method) => !method.revoked).map((method) => method.id),
  };
}
