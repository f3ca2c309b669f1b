// Types for the parts of the Verifiable Credential libraries that wallet delivery calls, which
// ship none: presentations in @digitalbazaar/vc (merged with the declarations in signing/), and
// the Ed25519Signature2020 suite the Learner Credential Wallet signs DID Authentication with.

declare module '@digitalbazaar/vc' {
  import type { DataIntegrityProof } from '@digitalbazaar/data-integrity';
  import type { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';

  export interface VerifyPresentationResult {
    verified: boolean;
    error?: VerificationError;
    presentationResult?: {
      verified: boolean;
      results?: { verified: boolean; error?: Error; proof?: Record<string, unknown> }[];
    };
  }

  export function createPresentation(options: {
    holder?: string;
    id?: string;
    verifiableCredential?: Record<string, unknown>[];
    version?: 1 | 2;
  }): Record<string, unknown>;

  export function signPresentation(options: {
    presentation: Record<string, unknown>;
    suite: DataIntegrityProof | Ed25519Signature2020;
    challenge: string;
    domain?: string;
    documentLoader: DocumentLoader;
  }): Promise<Record<string, unknown>>;

  /** Verifies a presentation's proof for AuthenticationProofPurpose with `challenge` and `domain`. */
  export function verify(options: {
    presentation: Record<string, unknown>;
    suite: (DataIntegrityProof | Ed25519Signature2020)[];
    challenge: string;
    domain?: string;
    documentLoader: DocumentLoader;
    now?: Date | string;
  }): Promise<VerifyPresentationResult>;
}

declare module '@digitalbazaar/ed25519-verification-key-2020' {
  export class Ed25519VerificationKey2020 {
    id?: string;
    controller?: string;
    fingerprint(): string;
    static generate(options?: {
      seed?: Uint8Array;
      id?: string;
      controller?: string;
    }): Promise<Ed25519VerificationKey2020>;
    export(options?: {
      publicKey?: boolean;
      privateKey?: boolean;
      includeContext?: boolean;
    }): Record<string, unknown>;
  }
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  import type { Ed25519Signer } from '@digitalbazaar/ed25519-multikey';
  import type { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';

  /** The legacy Ed25519 proof type, which LCW signs its presentations with. */
  export class Ed25519Signature2020 {
    constructor(options?: { key?: Ed25519VerificationKey2020; signer?: Ed25519Signer; date?: Date | string });
  }
  /** The suite's JSON-LD context, `https://w3id.org/security/suites/ed25519-2020/v1`. */
  export const suiteContext: { CONTEXT_URL: string; CONTEXT: Record<string, unknown> };
}
