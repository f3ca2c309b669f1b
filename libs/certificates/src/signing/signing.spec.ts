import { gunzipSync } from 'node:zlib';
import type { CheckStatusOptions, RemoteDocument } from '@digitalbazaar/vc';
import {
  buildOpenBadgeCredential,
  CredentialInput,
  OpenBadgeCredential,
  STATUS_LIST_LENGTH,
  statusListPosition,
} from './credential';
import {
  bundledContextUrls,
  documentLoader,
  DocumentNotBundledError,
  OB_V3_CONTEXT,
  VC_V2_CONTEXT,
} from './document-loader';
import { signingLibraries } from './libraries';
import { generateSigningKey, sign, Signed, SigningKey, signingKeyFromJson, exportSigningKey } from './signer';
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

/** Every URL the loader was asked for, and a loader that also serves the test's status lists. */
function offlineLoader(lists: StatusListCredential[]) {
  const requested: string[] = [];
  const byUrl = new Map(lists.map((list) => [list.id, list]));
  const loader = async (url: string): Promise<RemoteDocument> => {
    requested.push(url);
    const list = byUrl.get(url);
    return list ? { contextUrl: null, documentUrl: url, document: list } : documentLoader(url);
  };
  return { loader, requested };
}

// The `issuer_key.id` the signing key would have: its status lists' URLs carry it.
const KEY_ID = '5f0e8c2a-3b7d-4e1f-9a6c-2d4b8e0f1a37';

describe('signing credentials', () => {
  let keyA: SigningKey;
  let keyB: SigningKey;
  let signed: Signed<OpenBadgeCredential>;
  let fetchSpy: jest.SpyInstance;

  beforeAll(async () => {
    // Nothing here may reach the network: fetch fails the test if anyone calls it.
    fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(() => {
      throw new Error('network used');
    });
    [keyA, keyB] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    signed = await sign(buildOpenBadgeCredential(input(), keyA.did, KEY_ID), keyA, { created: SIGNED_AT });
  });

  afterAll(() => {
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });

  /** The standard verifier, called directly: @digitalbazaar/vc with the Bitstring status check. */
  async function standardVerify(credential: object, lists: StatusListCredential[]) {
    const { vc, dataIntegrity, eddsaRdfc2022, statusList } = await signingLibraries();
    const suite = new dataIntegrity.DataIntegrityProof({ cryptosuite: eddsaRdfc2022.cryptosuite });
    const { loader, requested } = offlineLoader(lists);
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

  async function listsFor(key: SigningKey, set: { revocation?: number[]; suspension?: number[] } = {}) {
    return Promise.all(
      (['revocation', 'suspension'] as const).map((purpose) =>
        signStatusList({
          url: `${PUBLIC_URL}/credentials/status/${purpose}/${KEY_ID}/0`,
          purpose,
          setIndexes: set[purpose] ?? [],
          key,
          at: SIGNED_AT,
        }),
      ),
    );
  }

  it('builds an Open Badges 3.0 credential in the VC 2.0 data model', () => {
    const credential = buildOpenBadgeCredential(
      input({
        statusIndex: STATUS_LIST_LENGTH + 7,
        credits: [...input().credits, { type: 'ANCC contact hours', amount: 7.75 }],
      }),
      keyA.did,
      KEY_ID,
    );
    expect(credential['@context']).toEqual([
      VC_V2_CONTEXT,
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.issuer).toEqual({
      id: keyA.did,
      type: ['Profile'],
      name: 'Regen Academy',
      url: PUBLIC_URL,
    });
    expect(credential.validFrom).toBe('2026-03-01T10:00:00Z');
    expect(credential.validUntil).toBe('2029-03-01T10:00:00Z');
    expect(credential.credentialSubject.name).toBe('Dr. Ana Ferreira');
    expect(credential.credentialSubject.achievement.name).toBe(
      'Bone Marrow Aspiration: From Landmarks to Injection (version 3)',
    );
    // Two credit types: no meaningless sum, one result per type.
    expect(credential.credentialSubject.creditsEarned).toBeUndefined();
    expect(credential.credentialSubject.result?.map((result) => result.value)).toEqual(['7.75', '7.75']);
    expect(credential.credentialStatus).toEqual([
      expect.objectContaining({
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '7',
        statusListCredential: `${PUBLIC_URL}/credentials/status/revocation/${KEY_ID}/1`,
      }),
      expect.objectContaining({
        statusPurpose: 'suspension',
        statusListIndex: '7',
        statusListCredential: `${PUBLIC_URL}/credentials/status/suspension/${KEY_ID}/1`,
      }),
    ]);
    expect(statusListPosition(STATUS_LIST_LENGTH - 1)).toEqual({ listNo: 0, index: STATUS_LIST_LENGTH - 1 });
    // No personal data beyond the holder's name (no e-mail address).
    expect(JSON.stringify(credential)).not.toMatch(/[\w.+-]+@[\w-]+\.\w+/);
  });

  it('signs with a Data Integrity proof that the standard verifier accepts, offline', async () => {
    expect(signed.proof).toEqual({
      type: 'DataIntegrityProof',
      created: '2026-03-01T10:00:00Z',
      verificationMethod: keyA.verificationMethod,
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]+$/),
    });
    expect(keyA.verificationMethod).toBe(`${keyA.did}#${keyA.did.slice('did:key:'.length)}`);

    const { result, requested } = await standardVerify(signed, await listsFor(keyA));
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    const contexts = new Set(bundledContextUrls());
    const lists = [
      `${PUBLIC_URL}/credentials/status/revocation/${KEY_ID}/0`,
      `${PUBLIC_URL}/credentials/status/suspension/${KEY_ID}/0`,
    ];
    expect(
      requested.filter((url) => !contexts.has(url) && !url.startsWith(keyA.did) && !lists.includes(url)),
    ).toEqual([]);
  });

  it('names the certificate a renewal renews as OB 3.0 evidence, and still verifies', async () => {
    const renewed = 'RA-9WQ2-K7DX-3MRT-B4CZ-N8PW-H5TK-Q2D';
    const credential = buildOpenBadgeCredential(input({ renewsNumber: renewed }), keyA.did, KEY_ID);
    expect(credential.evidence).toEqual([
      {
        id: `${PUBLIC_URL}/verify/${renewed}`,
        type: ['Evidence'],
        name: `Renews certificate ${renewed}`,
        narrative: expect.stringContaining(renewed),
        genre: 'Renewal',
      },
    ]);
    expect(buildOpenBadgeCredential(input(), keyA.did, KEY_ID).evidence).toBeUndefined();
    // Every term is defined by the contexts: signing canonicalises in JSON-LD safe mode.
    const renewal = await sign(credential, keyA, { created: SIGNED_AT });
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
    let withStatements: Signed<OpenBadgeCredential>;

    beforeAll(async () => {
      withStatements = await sign(buildOpenBadgeCredential(input({ statements }), keyA.did, KEY_ID), keyA, {
        created: SIGNED_AT,
      });
    });

    it('carries them in Open Badges 3.0 terms', () => {
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
        knownKeys: [{ did: keyA.did, validFrom: SIGNED_AT, validUntil: null }],
        now: LATER,
        statusListLoader: async (url) => (await listsFor(keyA)).find((list) => list.id === url) ?? null,
      });
      expect(ours.verified).toBe(true);
    });

    it('covers every statement with the signature: changing any one fails it', async () => {
      const lists = await listsFor(keyA);
      const changes: ((credential: Signed<OpenBadgeCredential>) => void)[] = [
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
    const again = await sign(buildOpenBadgeCredential(input(), keyA.did, KEY_ID), keyA, {
      created: SIGNED_AT,
    });
    expect(again).toEqual(signed);
  });

  it('refuses to load anything it does not bundle', async () => {
    await expect(documentLoader('https://example.org/contexts/evil.jsonld')).rejects.toThrow(
      DocumentNotBundledError,
    );
    await expect(documentLoader('https://example.org/contexts/evil.jsonld')).rejects.toThrow(
      'is not bundled',
    );
    await expect(documentLoader('did:web:academy.example')).rejects.toThrow('is not bundled');
    expect(bundledContextUrls()).toEqual(
      expect.arrayContaining([
        VC_V2_CONTEXT,
        OB_V3_CONTEXT,
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
    const repointed = structuredClone(signed);
    repointed.proof.verificationMethod = keyB.verificationMethod;
    const { result } = await standardVerify(repointed, await listsFor(keyA));
    expect(result.verified).toBe(false);
    expect(result.error?.errors?.map((error) => error.message)).toEqual(['Invalid signature.']);

    const reissued = structuredClone(signed);
    reissued.issuer.id = keyB.did;
    reissued.proof.verificationMethod = keyB.verificationMethod;
    expect((await standardVerify(reissued, await listsFor(keyB))).result.verified).toBe(false);
  });

  it('fails a revoked credential for its revocation status', async () => {
    const { result } = await standardVerify(signed, await listsFor(keyA, { revocation: [42] }));
    expect(result.verified).toBe(false);
    expect(result.statusResult?.results).toEqual([
      expect.objectContaining({
        status: true,
        credentialStatus: expect.objectContaining({ statusPurpose: 'revocation' }),
      }),
    ]);
    // A neighbour's revocation does not touch this one.
    expect(
      (await standardVerify(signed, await listsFor(keyA, { revocation: [41, 43] }))).result.verified,
    ).toBe(true);
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
      await sign(buildOpenBadgeCredential(input(), restored.did, KEY_ID), restored, { created: SIGNED_AT }),
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
      known.push({ did: keyA.did, validFrom: SIGNED_AT, validUntil: null });
      lists = new Map((await listsFor(keyA)).map((list) => [list.id, list]));
    });

    const verify = (credential: unknown, now = LATER, statusLists = lists, knownKeys = known) =>
      verifyCredential(credential, {
        knownKeys,
        now,
        statusListLoader: (url) => Promise.resolve(statusLists.get(url) ?? null),
      });

    it('verifies a genuine, current credential', async () => {
      expect(await verify(signed)).toEqual({ verified: true, problems: [], codes: [], issuerDid: keyA.did });
    });

    it('names each problem in words', async () => {
      const tampered = structuredClone(signed);
      tampered.credentialSubject.name = 'Dr. Mallory Impostor';
      expect((await verify(tampered)).problems).toEqual([CREDENTIAL_PROBLEMS.bad_signature]);
      expect(CREDENTIAL_PROBLEMS.bad_signature).toBe('signature does not match the credential');

      const foreign = await sign(buildOpenBadgeCredential(input(), keyB.did, KEY_ID), keyB, {
        created: SIGNED_AT,
      });
      expect(await verify(foreign)).toMatchObject({
        verified: false,
        problems: ['issued by a key this academy does not know'],
        issuerDid: keyB.did,
      });

      expect((await verify(signed, new Date('2029-03-02T00:00:00Z'))).problems).toEqual(['expired']);

      const revoked = new Map((await listsFor(keyA, { revocation: [42] })).map((list) => [list.id, list]));
      expect((await verify(signed, LATER, revoked)).problems).toEqual(['revoked']);
      const suspended = new Map((await listsFor(keyA, { suspension: [42] })).map((list) => [list.id, list]));
      expect((await verify(signed, LATER, suspended)).problems).toEqual(['suspended']);
    });

    it('does not trust a status list it cannot verify', async () => {
      // A list claiming nothing is revoked, but signed by someone else.
      const forged = new Map((await listsFor(keyB)).map((list) => [list.id, list]));
      expect((await verify(signed, LATER, forged)).codes).toEqual(['status_unavailable']);
      // A genuine list of ours whose bits were edited afterwards (42 cleared).
      const tamperedList = new Map(
        (await listsFor(keyA, { revocation: [42] })).map((list) => [
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
          did: keyA.did,
          validFrom: new Date('2025-01-01T00:00:00Z'),
          validUntil: new Date('2026-02-01T00:00:00Z'),
        },
      ];
      expect((await verify(signed, LATER, lists, retiredBefore)).codes).toEqual(['signed_after_key_retired']);
      const retiredAfter = [
        { did: keyA.did, validFrom: SIGNED_AT, validUntil: new Date('2026-04-01T00:00:00Z') },
      ];
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
