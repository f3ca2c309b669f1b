import type * as Ed25519Signature2020Suite from '@digitalbazaar/ed25519-signature-2020';
import type { DocumentLoader } from '@digitalbazaar/vc';
import { loaderWith } from '../signing/document-loader';
import { signingLibraries } from '../signing/libraries';

/** What the academy asks a wallet for: proof that it controls a did:key (VCALM DID Authentication). */
export interface DidAuthenticationRequest {
  challenge: string;
  domain: string;
}

export type DidAuthentication = { ok: true; did: string } | { ok: false; problem: string };

type Json = Record<string, unknown>;

// did:key with an Ed25519 key, the only DIDs the offline loader resolves.
const DID_KEY = /^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

let loading:
  Promise<{ loader: DocumentLoader; ed25519Signature2020: typeof Ed25519Signature2020Suite }> | undefined;

// The Ed25519Signature2020 suite is ESM-only too, and brings its own context, which LCW's
// presentations name: the offline loader answers it beside the bundled ones.
function presentationLibraries() {
  loading ??= import('@digitalbazaar/ed25519-signature-2020').then(
    (ed25519Signature2020) => ({
      ed25519Signature2020,
      loader: loaderWith(
        new Map([[ed25519Signature2020.suiteContext.CONTEXT_URL, ed25519Signature2020.suiteContext.CONTEXT]]),
      ),
    }),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The contexts the wallet loader answers beyond the academy's own: the Ed25519Signature2020 one. */
export async function walletDocumentLoader(): Promise<DocumentLoader> {
  return (await presentationLibraries()).loader;
}

/**
 * Checks a wallet's answer to DID Authentication: a verifiable presentation whose one proof, for
 * `authentication` with our challenge and domain, is by a key of the DID it names as `holder`
 * (a did:key; the proof `eddsa-rdfc-2022` Data Integrity, or the Ed25519Signature2020 that the
 * Learner Credential Wallet makes). Answers that DID, or the problem in words for the wallet's user.
 */
export async function verifyDidAuthentication(
  presentation: unknown,
  request: DidAuthenticationRequest,
): Promise<DidAuthentication> {
  const refuse = (problem: string): DidAuthentication => ({ ok: false, problem });
  if (!isObject(presentation)) {
    return refuse('The presentation is missing: the wallet signs one to show which DID it holds.');
  }
  const holder = isObject(presentation.holder) ? presentation.holder.id : presentation.holder;
  if (typeof holder !== 'string' || !DID_KEY.test(holder)) {
    return refuse('The presentation names no holder this exchange accepts: a did:key with an Ed25519 key.');
  }
  const proof = presentation.proof;
  if (!isObject(proof)) {
    return refuse('The presentation is not signed (it has one proof, by the holder’s key).');
  }
  const method = typeof proof.verificationMethod === 'string' ? proof.verificationMethod : '';
  if (method.split('#')[0] !== holder) {
    return refuse('The presentation is signed with a key of another DID than its holder.');
  }
  if (proof.challenge !== request.challenge) {
    return refuse('The presentation answers another challenge: start again from the wallet link.');
  }
  if (proof.domain !== request.domain) {
    return refuse(`The presentation is meant for another site than ${request.domain}.`);
  }
  const [{ vc, dataIntegrity, eddsaRdfc2022 }, { ed25519Signature2020, loader }] = await Promise.all([
    signingLibraries(),
    presentationLibraries(),
  ]);
  const result = await vc.verify({
    presentation,
    suite: [
      new dataIntegrity.DataIntegrityProof({ cryptosuite: eddsaRdfc2022.cryptosuite }),
      new ed25519Signature2020.Ed25519Signature2020(),
    ],
    challenge: request.challenge,
    domain: request.domain,
    documentLoader: loader,
  });
  if (!result.verified) {
    return refuse('The presentation’s signature does not match its holder’s key.');
  }
  return { ok: true, did: holder };
}
