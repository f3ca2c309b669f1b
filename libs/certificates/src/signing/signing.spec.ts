import { gunzipSync } from 'node:zlib';
import type { CheckStatusOptions, RemoteDocument } from '@digitalbazaar/vc';
import { openBadgesSchemaProblems } from '../../../../test/support/open-badges-schema';
import {
  buildOpenBadgeCredential,
  CredentialInput,
  OpenBadgeCredential,
  STATUS_LIST_LENGTH,
  StatusListKind,
  statusListPosition,
  statusListUrl,
} from './credential';
import { DidDocument, didDocument, didWebDocumentUrl, didWebOf, verificationMethodId } from './did-web';
import {
  bundledContextUrls,
  documentLoader,
  DocumentNotBundledError,
  loaderWithDidWeb,
  OB_EXTENSIONS_CONTEXT,
  OB_V3_CONTEXT,
  VC_V2_CONTEXT,
} from './document-loader';
import { signingLibraries } from './libraries';
import { SignedOpenBadgeCredential, withProofSet } from './open-badge-signer';
import { generateSigningKey, sign, SigningKey, signingKeyFromJson, exportSigningKey } from './signer';
import {
  buildStatusListCredential,
  decodeStatusList,
  signStatusList,
  StatusListCredential,
} from './status-list';
import { CREDENTIAL_PROBLEMS, KnownIssuerKey, verifyCredential } from './verify';

const PUBLIC_URL = 'https://academy.example';
const SIGNED_AT = new Date('2026-03-01T10:00:00Z');
const LATER = new Date('2026-06-01T10:00:00Z');

function input(overrides: Partial<CredentialInput> = {}): CredentialInput {
  return {
    certificateId: '6f1c1a52-3d4e-4b8a-9c1f-0a7b2c3d4e5f',
    number: 'RA-7K2P-9QXM-3HDF-W8ZN-5TBC-R4JV-6GY',
    holderName: 'Dr. Ana Ferreira',
    courseTitle: 'Bone Marrow Aspiration: From Landmarks to Injection',
    courseVersion: 3,
    contentHash: 'a'.repeat(64),
    credits: [{ type: 'AMA PRA Category 1 Credit™', amount: 7.75 }],
    issuedAt: SIGNED_AT,
    expiresAt: new Date('2029-03-01T10:00:00Z'),
    statusIndex: 42,
    publicUrl: PUBLIC_URL,
    academyName: 'Regen Academy',
    verifyUrl: `${PUBLIC_URL}/verify/RA-7K2P-9QXM-3HDF-W8ZN-5TBC-R4JV-6GY`,
    ...overrides,
  };
}

const ACADEMY_DID = didWebOf(PUBLIC_URL);

/** The academy's DID document naming `keys` (revoked ones as given). */
function academyDocument(keys: { key: SigningKey; revokedAt?: Date }[]): DidDocument {
  return didDocument(
    ACADEMY_DID,
    PUBLIC_URL,
    keys.map(({ key, revokedAt }) => ({
      publicKeyMultibase: key.publicKeyMultibase,
      revokedAt: revokedAt ?? null,
    })),
  );
}

/**
 * Every URL the loader was asked for, and a loader that also serves the test's status lists and
 * the academy's DID document, as a verifier that fetched them once would (no network).
 */
function offlineLoader(lists: StatusListCredential[], document: DidDocument) {
  const requested: string[] = [];
  const byUrl = new Map(lists.map((list) => [list.id, list]));
  const base = loaderWithDidWeb((did) => (did === document.id ? document : null));
  const loader = async (url: string): Promise<RemoteDocument> => {
    requested.push(url);
    const list = byUrl.get(url);
    return list ? { contextUrl: null, documentUrl: url, document: list } : base(url);
  };
  return { loader, requested };
}

/** A credential as the academy signs it: issued by its did:web, with `key` named under it, a proof set of one. */
async function signAsAcademy(credential: OpenBadgeCredential, key: SigningKey, created = SIGNED_AT) {
  return withProofSet(
    await sign(credential, key, {
      created,
      verificationMethod: verificationMethodId(ACADEMY_DID, key.publicKeyMultibase),
    }),
  );
}

/**
 * A credential as the academy signed it before did:web: issued by the key's did:key, without a
 * credentialSchema, with a revocation and a suspension entry.
 */
function legacyCredential(credential: OpenBadgeCredential, key: SigningKey): Record<string, unknown> {
  const { credentialSchema: _schema, credentialStatus: entry, ...rest } = credential;
  const index = entry.statusListIndex;
  const listNo = Number(entry.statusListCredential.split('/').pop());
  return {
    ...rest,
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    issuer: { ...credential.issuer, id: key.did },
    credentialStatus: (['revocation', 'suspension'] as const).map((purpose) => {
      const list = statusListUrl(PUBLIC_URL, purpose, KEY_ID, listNo);
      return {
        id: `${list}#${index}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: purpose,
        statusListIndex: index,
        statusListCredential: list,
      };
    }),
  };
}

// The `issuer_key.id` the signing key would have: its status lists' URLs carry it.
const KEY_ID = '5f0e8c2a-3b7d-4e1f-9a6c-2d4b8e0f1a37';

function knownKey(key: SigningKey): KnownIssuerKey {
  return {
    did: key.did,
    publicKeyMultibase: key.publicKeyMultibase,
    validFrom: SIGNED_AT,
    validUntil: null,
    revokedAt: null,
  };
}

describe('signing credentials', () => {
  let keyA: SigningKey;
  let keyB: SigningKey;
  let signed: SignedOpenBadgeCredential;
  let documentA: DidDocument;
  let fetchSpy: jest.SpyInstance;

  beforeAll(async () => {
    // Nothing here may reach the network: fetch fails the test if anyone calls it.
    fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(() => {
      throw new Error('network used');
    });
    [keyA, keyB] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    documentA = academyDocument([{ key: keyA }]);
    signed = await signAsAcademy(
      buildOpenBadgeCredential(input(), { did: ACADEMY_DID, keyId: KEY_ID }),
      keyA,
    );
  });

  afterAll(() => {
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });

  /** The standard verifier, called directly: @digitalbazaar/vc with the Bitstring status check. */
  async function standardVerify(credential: object, lists: StatusListCredential[], document = documentA) {
    const { vc, dataIntegrity, eddsaRdfc2022, statusList } = await signingLibraries();
    const suite = new dataIntegrity.DataIntegrityProof({ cryptosuite: eddsaRdfc2022.cryptosuite });
    const { loader, requested } = offlineLoader(lists, document);
    const result = await vc.verifyCredential({
      credential: structuredClone(credential) as Record<string, unknown>,
      suite,
      documentLoader: loader,
      now: LATER,
      // The library reports set bits as `status: true` on a verified check; a set bit fails here.
      checkStatus: async (options: CheckStatusOptions) => {
        const checked = await statusList.checkStatus({ ...options, documentLoader: loader, suite });
        const set = (checked.results ?? []).filter((entry) => entry.status);
        return set.length > 0 ? { ...checked, verified: false, results: set } : checked;
      },
    });
    return { result, requested };
  }

  /** The key's three lists as the academy signs them: standing as its did:web, the others as the did:key. */
  async function listsFor(key: SigningKey, set: Partial<Record<StatusListKind, number[]>> = {}) {
    return Promise.all(
      (['revocation', 'suspension', 'standing'] as const).map((kind) =>
        signStatusList({
          url: statusListUrl(PUBLIC_URL, kind, KEY_ID, 0),
          purpose: kind === 'standing' ? 'suspension' : kind,
          setIndexes: set[kind] ?? [],
          key,
          at: SIGNED_AT,
          ...(kind === 'standing'
            ? {
                as: {
                  did: ACADEMY_DID,
                  verificationMethod: verificationMethodId(ACADEMY_DID, key.publicKeyMultibase),
                },
              }
            : {}),
        }),
      ),
    );
  }

  it('builds an Open Badges 3.0 credential in the VC 2.0 data model, valid against 1EdTech’s schema', () => {
    const credential = buildOpenBadgeCredential(
      input({
        statusIndex: STATUS_LIST_LENGTH + 7,
        credits: [...input().credits, { type: 'ANCC contact hours', amount: 7.75 }],
      }),
      { did: ACADEMY_DID, keyId: KEY_ID },
    );
    expect(openBadgesSchemaProblems(credential)).toEqual([]);
    expect(credential['@context']).toEqual([
      VC_V2_CONTEXT,
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
    ]);
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.issuer).toEqual({
      id: 'did:web:academy.example',
      type: ['Profile'],
      name: 'Regen Academy',
      url: PUBLIC_URL,
    });
    expect(credential.credentialSchema).toEqual([
      {
        id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
        type: '1EdTechJsonSchemaValidator2019',
      },
    ]);
    expect(credential.credentialSubject.achievement.criteria.narrative).toMatch(
      /^Complete every required module/,
    );
    expect(credential.validFrom).toBe('2026-03-01T10:00:00Z');
    expect(credential.validUntil).toBe('2029-03-01T10:00:00Z');
    expect(credential.credentialSubject.name).toBe('Dr. Ana Ferreira');
    expect(credential.credentialSubject.achievement.name).toBe(
      'Bone Marrow Aspiration: From Landmarks to Injection (version 3)',
    );
    // Two credit types: no meaningless sum, one result per type.
    expect(credential.credentialSubject.creditsEarned).toBeUndefined();
    expect(credential.credentialSubject.result?.map((result) => result.value)).toEqual(['7.75', '7.75']);
    // One status entry, as the schema allows: the standing list (suspended or revoked).
    expect(credential.credentialStatus).toEqual({
      id: `${PUBLIC_URL}/credentials/status/${KEY_ID}/1#7`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'suspension',
      statusListIndex: '7',
      statusListCredential: `${PUBLIC_URL}/credentials/status/${KEY_ID}/1`,
    });
    expect(statusListPosition(STATUS_LIST_LENGTH - 1)).toEqual({ listNo: 0, index: STATUS_LIST_LENGTH - 1 });
    // No personal data beyond the holder's name (no e-mail address).
    expect(JSON.stringify(credential)).not.toMatch(/[\w.+-]+@[\w-]+\.\w+/);
  });

  it('is held to the schema: two status entries, a missing criteria or issuer type fail it', () => {
    const twoEntries = { ...signed, credentialStatus: [signed.credentialStatus, signed.credentialStatus] };
    expect(openBadgesSchemaProblems(twoEntries)).toContainEqual(expect.stringContaining('/credentialStatus'));
    const noCriteria = structuredClone(signed) as unknown as {
      credentialSubject: { achievement: Record<string, unknown> };
    };
    delete noCriteria.credentialSubject.achievement.criteria;
    expect(openBadgesSchemaProblems(noCriteria)).toContainEqual(expect.stringContaining('criteria'));
    const noIssuerType = structuredClone(signed) as unknown as { issuer: Record<string, unknown> };
    delete noIssuerType.issuer.type;
    expect(openBadgesSchemaProblems(noIssuerType).length).toBeGreaterThan(0);
    expect(openBadgesSchemaProblems(signed)).toEqual([]);
  });

  it('names the academy by a did:web whose document lists its keys', () => {
    expect(didWebOf('https://academy.example.org')).toBe('did:web:academy.example.org');
    expect(didWebOf('http://localhost:3000/')).toBe('did:web:localhost%3A3000');
    expect(didWebOf('https://example.org/academies/regen')).toBe('did:web:example.org:academies:regen');
    expect(didWebDocumentUrl('did:web:academy.example.org')).toBe(
      'https://academy.example.org/.well-known/did.json',
    );
    expect(didWebDocumentUrl('did:web:localhost%3A3000', 'http')).toBe(
      'http://localhost:3000/.well-known/did.json',
    );
    expect(didWebDocumentUrl('did:web:example.org:academies:regen')).toBe(
      'https://example.org/academies/regen/did.json',
    );
    const revokedAt = new Date('2026-05-01T12:00:00.000Z');
    const document = academyDocument([{ key: keyB }, { key: keyA, revokedAt }]);
    expect(document).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: ACADEMY_DID,
      alsoKnownAs: [PUBLIC_URL],
      verificationMethod: [
        {
          id: `${ACADEMY_DID}#${keyB.publicKeyMultibase}`,
          type: 'Multikey',
          controller: ACADEMY_DID,
          publicKeyMultibase: keyB.publicKeyMultibase,
        },
        {
          id: `${ACADEMY_DID}#${keyA.publicKeyMultibase}`,
          type: 'Multikey',
          controller: ACADEMY_DID,
          publicKeyMultibase: keyA.publicKeyMultibase,
          revoked: '2026-05-01T12:00:00Z',
        },
      ],
      // A revoked key asserts nothing any more.
      assertionMethod: [`${ACADEMY_DID}#${keyB.publicKeyMultibase}`],
    });
  });

  it('signs with a Data Integrity proof that the standard verifier accepts, offline', async () => {
    expect(signed.proof).toEqual([
      {
        type: 'DataIntegrityProof',
        created: '2026-03-01T10:00:00Z',
        verificationMethod: `did:web:academy.example#${keyA.publicKeyMultibase}`,
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
        proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]+$/),
      },
    ]);
    expect(keyA.verificationMethod).toBe(`${keyA.did}#${keyA.did.slice('did:key:'.length)}`);

    const { result, requested } = await standardVerify(signed, await listsFor(keyA));
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    // Resolved: the did:web document and its key, the standing list, contexts; nothing else.
    const contexts = new Set(bundledContextUrls());
    expect([...new Set(requested.filter((url) => !contexts.has(url)))].sort()).toEqual(
      [
        ACADEMY_DID,
        `${ACADEMY_DID}#${keyA.publicKeyMultibase}`,
        `${PUBLIC_URL}/credentials/status/${KEY_ID}/0`,
      ].sort(),
    );
  });

  it('keeps credentials signed before did:web (did:key, two status entries) verifiable', async () => {
    const legacy = await sign(
      legacyCredential(buildOpenBadgeCredential(input(), { did: ACADEMY_DID, keyId: KEY_ID }), keyA),
      keyA,
      {
        created: SIGNED_AT,
      },
    );
    const { result } = await standardVerify(legacy, await listsFor(keyA));
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    const revoked = await standardVerify(legacy, await listsFor(keyA, { revocation: [42] }));
    expect(revoked.result.verified).toBe(false);
    const ours = (lists: StatusListCredential[]) =>
      verifyCredential(legacy, {
        issuer: { keys: [knownKey(keyA)], didDocument: documentA },
        now: LATER,
        statusListLoader: (url) => Promise.resolve(lists.find((list) => list.id === url) ?? null),
      });
    expect((await ours(await listsFor(keyA))).verified).toBe(true);
    expect((await ours(await listsFor(keyA, { suspension: [42] }))).codes).toEqual(['suspended']);
    expect((await ours(await listsFor(keyA, { revocation: [42] }))).codes).toEqual(['revoked']);
  });

  it('names the certificate a renewal renews as OB 3.0 evidence, and still verifies', async () => {
    const renewed = 'RA-9WQ2-K7DX-3MRT-B4CZ-N8PW-H5TK-Q2D';
    const credential = buildOpenBadgeCredential(input({ renewsNumber: renewed }), {
      did: ACADEMY_DID,
      keyId: KEY_ID,
    });
    expect(openBadgesSchemaProblems(credential)).toEqual([]);
    expect(credential.evidence).toEqual([
      {
        id: `${PUBLIC_URL}/verify/${renewed}`,
        type: ['Evidence'],
        name: `Renews certificate ${renewed}`,
        narrative: expect.stringContaining(renewed),
        genre: 'Renewal',
      },
    ]);
    expect(buildOpenBadgeCredential(input(), { did: ACADEMY_DID, keyId: KEY_ID }).evidence).toBeUndefined();
    // Every term is defined by the contexts: signing canonicalises in JSON-LD safe mode.
    const renewal = await signAsAcademy(credential, keyA);
    const { result } = await standardVerify(renewal, await listsFor(keyA));
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    const tampered = structuredClone(renewal);
    tampered.evidence![0]!.name = 'Renews certificate RA-0000-0000-0000-0000-0000-0000-000';
    expect((await standardVerify(tampered, await listsFor(keyA))).result.verified).toBe(false);
  });

  describe('with the statements captured at issue', () => {
    const statements: NonNullable<CredentialInput['statements']> = {
      accreditation:
        'Regen Academy is accredited by the Accreditation Council for Continuing Medical Education (ACCME) to provide continuing medical education for physicians.',
      designation:
        'The Regen Academy designates this enduring material for a maximum of 7.75 AMA PRA Category 1 Credits™. Physicians should claim only the credit commensurate with the extent of their participation in the activity.',
      participation: { from: '2026-02-03T09:15:00.000Z', to: '2026-02-27T16:40:00.000Z' },
      degree: 'DO',
      moc: [
        {
          board: 'ABIM',
          boardName: 'American Board of Internal Medicine',
          points: 6,
          types: ['Medical Knowledge'],
        },
      ],
      handsOn: {
        labDates: { from: '2026-02-26', to: '2026-02-26' },
        venue: 'Denver Training Center',
        venueAddress: '1200 Larimer St, Denver, CO',
        instructor: 'Maria Lopez',
        entrustment: { level: 4, of: 5, label: 'Performed unsupervised' },
        signedOffAt: '2026-02-26T23:30:00.000Z',
      },
    };
    let withStatements: SignedOpenBadgeCredential;

    beforeAll(async () => {
      withStatements = await signAsAcademy(
        buildOpenBadgeCredential(input({ statements }), { did: ACADEMY_DID, keyId: KEY_ID }),
        keyA,
      );
    });

    it('carries them in Open Badges 3.0 terms', () => {
      expect(openBadgesSchemaProblems(withStatements)).toEqual([]);
      const subject = withStatements.credentialSubject;
      expect(subject.name).toBe('Dr. Ana Ferreira, DO');
      expect(subject.identifier[0]!.identityHash).toBe('Dr. Ana Ferreira');
      expect(subject.activityStartDate).toBe('2026-02-03T09:15:00Z');
      expect(subject.activityEndDate).toBe('2026-02-27T16:40:00Z');
      expect(subject.creditsEarned).toBe(7.75);
      expect(subject.achievement.description).toContain(statements.accreditation);
      expect(subject.achievement.criteria.narrative).toContain(statements.designation);
      expect(withStatements.evidence).toEqual([
        {
          type: ['Evidence'],
          name: 'Hands-on skills lab sign-off',
          description:
            'Hands-on skills lab 26 February 2026, Denver Training Center; signed off by Maria Lopez; every step at entrustment level 4 of 5 or above (Performed unsupervised)',
          narrative: expect.stringContaining('Denver Training Center, 1200 Larimer St, Denver, CO'),
        },
        {
          type: ['Evidence'],
          name: 'ABIM MOC: 6 Medical Knowledge points',
          description:
            'The holder chose to have this completion reported to the American Board of Internal Medicine for Maintenance of Certification.',
        },
      ]);
    });

    it('signs them so that the standard verifier and the academy’s accept the credential', async () => {
      const { result } = await standardVerify(withStatements, await listsFor(keyA));
      expect(result.error).toBeUndefined();
      expect(result.verified).toBe(true);
      const ours = await verifyCredential(withStatements, {
        issuer: { keys: [knownKey(keyA)], didDocument: documentA },
        now: LATER,
        statusListLoader: async (url) => (await listsFor(keyA)).find((list) => list.id === url) ?? null,
      });
      expect(ours.verified).toBe(true);
    });

    it('covers every statement with the signature: changing any one fails it', async () => {
      const lists = await listsFor(keyA);
      const changes: ((credential: SignedOpenBadgeCredential) => void)[] = [
        (credential) => (credential.credentialSubject.activityEndDate = '2026-01-27T16:40:00Z'),
        (credential) => (credential.credentialSubject.achievement.criteria.narrative += ' Or not.'),
        (credential) => (credential.credentialSubject.achievement.description = 'Not accredited.'),
        (credential) => (credential.evidence![0]!.description = 'Never attended.'),
        (credential) => (credential.evidence![1]!.name = 'ABIM MOC: 60 Medical Knowledge points'),
      ];
      for (const change of changes) {
        const tampered = structuredClone(withStatements);
        change(tampered);
        const { result } = await standardVerify(tampered, lists);
        expect(result.verified).toBe(false);
      }
    });
  });

  it('gives the same proof for the same credential, key and time', async () => {
    const again = await signAsAcademy(
      buildOpenBadgeCredential(input(), { did: ACADEMY_DID, keyId: KEY_ID }),
      keyA,
    );
    expect(again).toEqual(signed);
  });

  it('refuses to load anything it does not bundle', async () => {
    await expect(documentLoader('https://example.org/contexts/evil.jsonld')).rejects.toThrow(
      DocumentNotBundledError,
    );
    await expect(documentLoader('https://example.org/contexts/evil.jsonld')).rejects.toThrow(
      'is not bundled',
    );
    // did:web resolves only from a document the caller holds, never from the network.
    await expect(documentLoader('did:web:academy.example')).rejects.toThrow('is not bundled');
    const withAcademy = loaderWithDidWeb((did) => (did === ACADEMY_DID ? documentA : null));
    await expect(withAcademy('did:web:elsewhere.example')).rejects.toThrow('is not bundled');
    await expect(withAcademy(`${ACADEMY_DID}#${keyB.publicKeyMultibase}`)).rejects.toThrow('is not bundled');
    expect((await withAcademy(`${ACADEMY_DID}#${keyA.publicKeyMultibase}`)).document).toMatchObject({
      '@context': 'https://w3id.org/security/multikey/v1',
      controller: ACADEMY_DID,
      publicKeyMultibase: keyA.publicKeyMultibase,
    });
    expect(bundledContextUrls()).toEqual(
      expect.arrayContaining([
        VC_V2_CONTEXT,
        OB_V3_CONTEXT,
        OB_EXTENSIONS_CONTEXT,
        'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
        'https://w3id.org/security/data-integrity/v2',
        'https://w3id.org/security/multikey/v1',
      ]),
    );
  });

  it('fails a credential whose holder name was changed, on its signature', async () => {
    const tampered = structuredClone(signed);
    tampered.credentialSubject.name = 'Dr. Mallory Impostor';
    const { result } = await standardVerify(tampered, await listsFor(keyA));
    expect(result.verified).toBe(false);
    expect(result.error?.errors?.map((error) => error.message)).toEqual(['Invalid signature.']);
  });

  it('fails a credential presented with another key than the one that signed it', async () => {
    const bothKeys = academyDocument([{ key: keyB }, { key: keyA }]);
    const repointed = structuredClone(signed);
    repointed.proof[0]!.verificationMethod = verificationMethodId(ACADEMY_DID, keyB.publicKeyMultibase);
    const { result } = await standardVerify(repointed, await listsFor(keyA), bothKeys);
    expect(result.verified).toBe(false);
    expect(result.error?.errors?.map((error) => error.message)).toEqual(['Invalid signature.']);

    const reissued = structuredClone(signed);
    reissued.issuer.id = keyB.did;
    reissued.proof[0]!.verificationMethod = keyB.verificationMethod;
    expect((await standardVerify(reissued, await listsFor(keyB))).result.verified).toBe(false);
  });

  it('fails what a revoked key signed, for the DID document no longer lets it assert', async () => {
    const revokedA = academyDocument([{ key: keyB }, { key: keyA, revokedAt: LATER }]);
    const { result } = await standardVerify(signed, await listsFor(keyA), revokedA);
    expect(result.verified).toBe(false);
    const ours = await verifyCredential(signed, {
      issuer: { keys: [{ ...knownKey(keyA), revokedAt: LATER }, knownKey(keyB)], didDocument: revokedA },
      now: LATER,
      statusListLoader: async (url) => (await listsFor(keyA)).find((list) => list.id === url) ?? null,
    });
    expect(ours.codes).toEqual(['key_revoked']);
  });

  it('re-issued after a key rotation, a credential verifies under the new key', async () => {
    const rotated = academyDocument([{ key: keyB }, { key: keyA }]);
    const reissued = await signAsAcademy(
      buildOpenBadgeCredential(input(), { did: ACADEMY_DID, keyId: KEY_ID }),
      keyB,
      LATER,
    );
    expect(openBadgesSchemaProblems(reissued)).toEqual([]);
    const { result } = await standardVerify(reissued, await listsFor(keyB), rotated);
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    // The one signed before the rotation still verifies too.
    expect((await standardVerify(signed, await listsFor(keyA), rotated)).result.verified).toBe(true);
  });

  it('fails a revoked or suspended credential for its one status entry', async () => {
    const { result } = await standardVerify(signed, await listsFor(keyA, { standing: [42] }));
    expect(result.verified).toBe(false);
    expect(result.statusResult?.results).toEqual([
      expect.objectContaining({
        status: true,
        credentialStatus: expect.objectContaining({ statusPurpose: 'suspension' }),
      }),
    ]);
    // A neighbour's status does not touch this one.
    expect((await standardVerify(signed, await listsFor(keyA, { standing: [41, 43] }))).result.verified).toBe(
      true,
    );
  });

  it('publishes status lists of 131,072 GZIP-compressed entries that round-trip', async () => {
    const indexes = [0, 42, 1000, STATUS_LIST_LENGTH - 1];
    const list = await buildStatusListCredential({
      url: `${PUBLIC_URL}/credentials/status/revocation/${KEY_ID}/0`,
      purpose: 'revocation',
      setIndexes: indexes,
      issuerDid: keyA.did,
      validFrom: SIGNED_AT,
    });
    expect(list.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect(list.credentialSubject).toMatchObject({
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
    });
    const { encodedList } = list.credentialSubject;
    expect(encodedList).toMatch(/^u[A-Za-z0-9_-]+$/);
    const compressed = Buffer.from(encodedList.slice(1), 'base64url');
    expect([...compressed.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(compressed)).toHaveLength(STATUS_LIST_LENGTH / 8);

    const bits = await decodeStatusList(encodedList);
    expect(bits.length).toBeGreaterThanOrEqual(131_072);
    for (const index of [0, 1, 41, 42, 43, 999, 1000, STATUS_LIST_LENGTH - 2, STATUS_LIST_LENGTH - 1]) {
      expect([index, bits.isSet(index)]).toEqual([index, indexes.includes(index)]);
    }
    const cleared = await buildStatusListCredential({
      ...list,
      url: list.id,
      purpose: 'revocation',
      setIndexes: [0, 1000],
      issuerDid: keyA.did,
      validFrom: SIGNED_AT,
    });
    const clearedBits = await decodeStatusList(cleared.credentialSubject.encodedList);
    expect([clearedBits.isSet(42), clearedBits.isSet(1000)]).toEqual([false, true]);
    await expect(
      buildStatusListCredential({
        url: list.id,
        purpose: 'revocation',
        setIndexes: [STATUS_LIST_LENGTH],
        issuerDid: keyA.did,
        validFrom: SIGNED_AT,
      }),
    ).rejects.toThrow(RangeError);
  });

  it('keeps a key through its key file JSON', async () => {
    const json = await exportSigningKey(keyA);
    const restored = await signingKeyFromJson(JSON.parse(JSON.stringify(json)));
    expect(restored.did).toBe(keyA.did);
    expect(
      await signAsAcademy(buildOpenBadgeCredential(input(), { did: ACADEMY_DID, keyId: KEY_ID }), restored),
    ).toEqual(signed);
    const keyBJson = await exportSigningKey(keyB);
    await expect(
      signingKeyFromJson({ ...json, secretKeyMultibase: keyBJson.secretKeyMultibase }),
    ).rejects.toThrow('does not match');
  });

  describe("the academy's verifier", () => {
    const known: KnownIssuerKey[] = [];
    let lists: Map<string, StatusListCredential>;

    beforeAll(async () => {
      known.push(knownKey(keyA));
      lists = new Map((await listsFor(keyA)).map((list) => [list.id, list]));
    });

    const verify = (credential: unknown, now = LATER, statusLists = lists, knownKeys = known) =>
      verifyCredential(credential, {
        issuer: { keys: knownKeys, didDocument: documentA },
        now,
        statusListLoader: (url) => Promise.resolve(statusLists.get(url) ?? null),
      });

    it('verifies a genuine, current credential', async () => {
      expect(await verify(signed)).toEqual({
        verified: true,
        problems: [],
        codes: [],
        issuerDid: ACADEMY_DID,
      });
    });

    it('names each problem in words', async () => {
      const tampered = structuredClone(signed);
      tampered.credentialSubject.name = 'Dr. Mallory Impostor';
      expect((await verify(tampered)).problems).toEqual([CREDENTIAL_PROBLEMS.bad_signature]);
      expect(CREDENTIAL_PROBLEMS.bad_signature).toBe('signature does not match the credential');

      const foreign = await sign(buildOpenBadgeCredential(input(), { did: keyB.did, keyId: KEY_ID }), keyB, {
        created: SIGNED_AT,
      });
      expect(await verify(foreign)).toMatchObject({
        verified: false,
        problems: ['issued by a key this academy does not know'],
        issuerDid: keyB.did,
      });

      expect((await verify(signed, new Date('2029-03-02T00:00:00Z'))).problems).toEqual(['expired']);

      const withdrawn = new Map((await listsFor(keyA, { standing: [42] })).map((list) => [list.id, list]));
      expect((await verify(signed, LATER, withdrawn)).problems).toEqual([CREDENTIAL_PROBLEMS.withdrawn]);
    });

    it('does not trust a status list it cannot verify', async () => {
      // A list claiming nothing is revoked, but signed by someone else.
      const forged = new Map((await listsFor(keyB)).map((list) => [list.id, list]));
      expect((await verify(signed, LATER, forged)).codes).toEqual(['status_unavailable']);
      // A genuine list of ours whose bits were edited afterwards (42 cleared).
      const tamperedList = new Map(
        (await listsFor(keyA, { standing: [42] })).map((list) => [
          list.id,
          {
            ...list,
            credentialSubject: {
              ...list.credentialSubject,
              encodedList: lists.get(list.id)!.credentialSubject.encodedList,
            },
          },
        ]),
      );
      expect((await verify(signed, LATER, tamperedList)).codes).toEqual(['status_unavailable']);
      expect((await verify(signed, LATER, new Map())).codes).toEqual(['status_unavailable']);
    });

    it('refuses a credential signed by a retired key after it was retired', async () => {
      const retiredBefore = [
        {
          ...knownKey(keyA),
          validFrom: new Date('2025-01-01T00:00:00Z'),
          validUntil: new Date('2026-02-01T00:00:00Z'),
        },
      ];
      expect((await verify(signed, LATER, lists, retiredBefore)).codes).toEqual(['signed_after_key_retired']);
      const retiredAfter = [{ ...knownKey(keyA), validUntil: new Date('2026-04-01T00:00:00Z') }];
      expect((await verify(signed, LATER, lists, retiredAfter)).verified).toBe(true);
    });

    it('answers unreadable for what is not a credential it can check offline', async () => {
      expect((await verify({ hello: 'world' })).codes).toEqual(['unreadable']);
      expect((await verify('{}')).codes).toEqual(['unreadable']);
      const foreignContext = structuredClone(signed) as unknown as Record<string, unknown>;
      (foreignContext['@context'] as string[]).push('https://example.org/contexts/extra.jsonld');
      expect((await verify(foreignContext)).codes).toEqual(['unreadable']);
    });
  });
});
