import type { Ed25519KeyPair, Ed25519MultikeyJson } from '@digitalbazaar/ed25519-multikey';
import type { DataIntegrityProofJson } from './credential';
import { xsdDateTime } from './credential';
import { documentLoader } from './document-loader';
import { signingLibraries } from './libraries';

/** An Ed25519 key able to sign, named by its did:key. */
export interface SigningKey {
  /** `did:key:z6Mk…`: the credential's issuer. */
  readonly did: string;
  /** `did:key:z6Mk…#z6Mk…`: the proof's verification method. */
  readonly verificationMethod: string;
  readonly publicKeyMultibase: string;
  readonly keyPair: Ed25519KeyPair;
}

const ED25519_MULTIKEY = /^z6Mk[1-9A-HJ-NP-Za-km-z]{40,50}$/;

/** The did:key DID and verification method of an Ed25519 Multikey public key. */
export function didKeyOf(publicKeyMultibase: string): { did: string; verificationMethod: string } {
  if (!ED25519_MULTIKEY.test(publicKeyMultibase)) {
    throw new TypeError(`Not an Ed25519 Multikey public key: "${publicKeyMultibase}"`);
  }
  const did = `did:key:${publicKeyMultibase}`;
  return { did, verificationMethod: `${did}#${publicKeyMultibase}` };
}

async function checkedKey(keyPair: Ed25519KeyPair): Promise<SigningKey> {
  const { did, verificationMethod } = didKeyOf(keyPair.publicKeyMultibase);
  // A secret key that does not belong to its public key would sign credentials nobody can verify.
  const probe = new TextEncoder().encode(`probe ${did}`);
  const signature = await keyPair.signer().sign({ data: probe });
  if (!(await keyPair.verifier().verify({ data: probe, signature }))) {
    throw new Error(`The secret key does not match the public key ${keyPair.publicKeyMultibase}`);
  }
  return { did, verificationMethod, publicKeyMultibase: keyPair.publicKeyMultibase, keyPair };
}

/** A new random Ed25519 signing key. */
export async function generateSigningKey(): Promise<SigningKey> {
  const { ed25519Multikey } = await signingLibraries();
  const generated = await ed25519Multikey.generate();
  const { did } = didKeyOf(generated.publicKeyMultibase);
  // Re-import with the did:key as controller, so the signer's id is the verification method.
  const json = await generated.export({ publicKey: true, secretKey: true, includeContext: true });
  return checkedKey(
    await ed25519Multikey.from({ ...json, controller: did, id: `${did}#${json.publicKeyMultibase}` }),
  );
}

/** The JSON a key file holds: the Multikey with its secret. Never log or store it elsewhere. */
export async function exportSigningKey(key: SigningKey): Promise<Ed25519MultikeyJson> {
  return key.keyPair.export({ publicKey: true, secretKey: true, includeContext: true });
}

/**
 * A signing key from a key file's JSON: a Multikey (`type: "Multikey"`, `publicKeyMultibase`
 * `z6Mk…`, `secretKeyMultibase`), as `exportSigningKey` writes it.
 */
export async function signingKeyFromJson(json: unknown): Promise<SigningKey> {
  if (
    typeof json !== 'object' ||
    json === null ||
    (json as { type?: unknown }).type !== 'Multikey' ||
    typeof (json as { publicKeyMultibase?: unknown }).publicKeyMultibase !== 'string' ||
    typeof (json as { secretKeyMultibase?: unknown }).secretKeyMultibase !== 'string'
  ) {
    throw new TypeError(
      'A key file holds a Multikey with "type", "publicKeyMultibase" and "secretKeyMultibase"',
    );
  }
  const { publicKeyMultibase, secretKeyMultibase } = json as {
    publicKeyMultibase: string;
    secretKeyMultibase: string;
  };
  const { did, verificationMethod } = didKeyOf(publicKeyMultibase);
  const { ed25519Multikey } = await signingLibraries();
  return checkedKey(
    await ed25519Multikey.from({
      '@context': 'https://w3id.org/security/multikey/v1',
      type: 'Multikey',
      id: verificationMethod,
      controller: did,
      publicKeyMultibase,
      secretKeyMultibase,
    }),
  );
}

export type Signed<T> = T & { proof: DataIntegrityProofJson };

/**
 * Adds a Data Integrity proof (`eddsa-rdfc-2022`, assertionMethod) made with `key` to a copy of
 * `credential`. The same credential, key and `created` always give the same proof. The proof
 * names the key under its did:key unless `verificationMethod` names it under another DID (the
 * academy's did:web).
 */
export async function sign<T extends object>(
  credential: T,
  key: SigningKey,
  options: { created: Date; verificationMethod?: string },
): Promise<Signed<T>> {
  const { vc, dataIntegrity, eddsaRdfc2022 } = await signingLibraries();
  const signer = key.keyPair.signer();
  const suite = new dataIntegrity.DataIntegrityProof({
    signer: options.verificationMethod ? { ...signer, id: options.verificationMethod } : signer,
    cryptosuite: eddsaRdfc2022.cryptosuite,
    date: xsdDateTime(options.created),
  });
  const signed = await vc.issue({
    credential: structuredClone(credential) as Record<string, unknown>,
    suite,
    documentLoader,
  });
  return signed as Signed<T>;
}
