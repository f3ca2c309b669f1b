import type { RemoteDocument } from '@digitalbazaar/vc';
import { documentLoader } from '@academy/certificates';

/** How a wallet signs its DID Authentication presentation. */
export type WalletProof = 'Ed25519Signature2020' | 'eddsa-rdfc-2022';

/** A wallet's DID and what it signs with it, as the Learner Credential Wallet does. */
export interface TestWallet {
  did: string;
  /** A DID Authentication presentation (holder = the DID) for a challenge and domain. */
  authenticate(answer: { challenge: string; domain: string }): Promise<Record<string, unknown>>;
}

/**
 * A new wallet with a did:key (Ed25519). By default it signs as LCW does (app/lib/composeVp.ts:
 * `createPresentation({ holder })`, then `signPresentation` with an `Ed25519Signature2020` suite,
 * challenge and domain); `eddsa-rdfc-2022` signs a Data Integrity proof instead.
 */
export async function newTestWallet(proof: WalletProof = 'Ed25519Signature2020'): Promise<TestWallet> {
  const [vc, ed25519Signature2020, verificationKey2020, dataIntegrity, eddsa, multikey] = await Promise.all([
    import('@digitalbazaar/vc'),
    import('@digitalbazaar/ed25519-signature-2020'),
    import('@digitalbazaar/ed25519-verification-key-2020'),
    import('@digitalbazaar/data-integrity'),
    import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
    import('@digitalbazaar/ed25519-multikey'),
  ]);
  const { CONTEXT_URL, CONTEXT } = ed25519Signature2020.suiteContext;
  // The wallet's own loader: the bundled contexts and did:key, plus the Ed25519Signature2020 context.
  const loader = async (url: string): Promise<RemoteDocument> =>
    url === CONTEXT_URL ? { contextUrl: null, documentUrl: url, document: CONTEXT } : documentLoader(url);

  let did: string;
  let suite: Parameters<typeof vc.signPresentation>[0]['suite'];
  if (proof === 'Ed25519Signature2020') {
    const key = await verificationKey2020.Ed25519VerificationKey2020.generate();
    did = `did:key:${key.fingerprint()}`;
    key.controller = did;
    key.id = `${did}#${key.fingerprint()}`;
    suite = new ed25519Signature2020.Ed25519Signature2020({ key });
  } else {
    const key = await multikey.generate();
    did = `did:key:${key.publicKeyMultibase}`;
    const keyWithId = await multikey.from({
      ...(await key.export({ publicKey: true, secretKey: true, includeContext: true })),
      id: `${did}#${key.publicKeyMultibase}`,
      controller: did,
    });
    suite = new dataIntegrity.DataIntegrityProof({
      signer: keyWithId.signer(),
      cryptosuite: eddsa.cryptosuite,
    });
  }
  return {
    did,
    authenticate: ({ challenge, domain }) =>
      vc.signPresentation({
        presentation: vc.createPresentation({ holder: did }),
        suite,
        challenge,
        domain,
        documentLoader: loader,
      }),
  };
}
