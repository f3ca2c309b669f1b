import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock } from '@academy/core';
import type { AppConfig } from '@academy/core';
import type { DataIntegrityProofJson, StatusListKind, StatusPurpose } from './credential';
import {
  purposeOfList,
  STATUS_LIST_LENGTH,
  statusListPosition,
  statusListUrl,
  xsdDateTime,
} from './credential';
import { VC_V2_CONTEXT } from './document-loader';
import { IssuerKeys } from './issuer-keys';
import { signingLibraries } from './libraries';
import { StatusListRepository } from './status-list.repository';
import { sign, SigningKey } from './signer';

/** A W3C Bitstring Status List credential (VC 2.0). */
export interface StatusListCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string;
  validFrom: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: StatusPurpose;
    /** Multibase (`u`) base64url of the GZIP-compressed bits, one per certificate. */
    encodedList: string;
  };
  proof?: DataIntegrityProofJson;
}

/** The unsigned status list credential with `setIndexes` (positions within the list) set. */
export async function buildStatusListCredential(options: {
  url: string;
  purpose: StatusPurpose;
  setIndexes: Iterable<number>;
  issuerDid: string;
  validFrom: Date;
}): Promise<StatusListCredential> {
  const { statusList } = await signingLibraries();
  const list = new statusList.BitstringStatusList({ length: STATUS_LIST_LENGTH });
  for (const index of options.setIndexes) {
    if (!Number.isInteger(index) || index < 0 || index >= STATUS_LIST_LENGTH) {
      throw new RangeError(`A status list position is from 0 to ${STATUS_LIST_LENGTH - 1}, got ${index}`);
    }
    list.setStatus(index, true);
  }
  return {
    '@context': [VC_V2_CONTEXT],
    id: options.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: options.issuerDid,
    validFrom: xsdDateTime(options.validFrom),
    credentialSubject: {
      id: `${options.url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: options.purpose,
      encodedList: await list.encode(),
    },
  };
}

/**
 * The signed status list credential: built, then signed with `key` at `at`, as its did:key, or as
 * the DID `as` names (the academy's did:web, for the lists its did:web credentials point into).
 */
export async function signStatusList(options: {
  url: string;
  purpose: StatusPurpose;
  setIndexes: Iterable<number>;
  key: SigningKey;
  at: Date;
  as?: { did: string; verificationMethod: string };
}): Promise<StatusListCredential> {
  const unsigned = await buildStatusListCredential({
    ...options,
    issuerDid: options.as?.did ?? options.key.did,
    validFrom: options.at,
  });
  return sign(unsigned, options.key, {
    created: options.at,
    verificationMethod: options.as?.verificationMethod,
  });
}

/** The decoded bits of a status list credential's `encodedList`. */
export async function decodeStatusList(
  encodedList: string,
): Promise<{ length: number; isSet(index: number): boolean }> {
  const { statusList } = await signingLibraries();
  const list = await statusList.BitstringStatusList.decode({ encodedList });
  return {
    length: list.length,
    isSet: (index) => list.getStatus(index),
  };
}

/**
 * The academy's status lists: one per kind, signing key and block of 131,072 certificates. A
 * list's issuer is the issuer of the credentials pointing into it (standard verifiers check
 * that): the standing list is signed as the academy's did:web, the revocation and suspension
 * lists of did:key credentials as the key's did:key. A read answers
 * the stored signed list, signing it anew first when a status in it changed since (version >
 * signed_version): changes show at once, and each change is signed once.
 */
@Injectable()
export class StatusLists {
  constructor(
    private readonly lists: StatusListRepository,
    private readonly issuerKeys: IssuerKeys,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The URL of a list (what credentials' `statusListCredential` say). */
  urlOf(kind: StatusListKind, keyId: string, listNo: number): string {
    return statusListUrl(this.config.publicUrl, kind, keyId, listNo);
  }

  /**
   * The signed list of the certificates a key signed, or null when none of them points into it
   * (yet). It is signed by that key, retired or not: standard verifiers expect a status list
   * from the credential's own issuer.
   */
  async credentialFor(
    purpose: StatusListKind,
    keyId: string,
    listNo: number,
  ): Promise<StatusListCredential | null> {
    if (!Number.isSafeInteger(listNo) || listNo < 0) {
      return null;
    }
    // Reads racing after a change may each sign (a few ms): sharing one in-flight signature
    // could hand a read that began after the change a list signed before it.
    let stored = await this.lists.find(purpose, keyId, listNo);
    if (stored?.credential && stored.signedVersion >= stored.version) {
      return stored.credential as unknown as StatusListCredential;
    }
    const from = listNo * STATUS_LIST_LENGTH;
    const to = from + STATUS_LIST_LENGTH;
    if (!stored) {
      if (!(await this.lists.anyCertificateIn(keyId, from, to))) {
        return null;
      }
      stored = await this.lists.ensure(purpose, keyId, listNo);
    }
    const key = await this.issuerKeys.signingKeyById(keyId);
    if (!key) {
      return null;
    }
    // The version is read before the statuses: a change committing in between leaves the
    // stored version behind, and the next read signs again.
    const { version } = stored;
    const indexes = await this.lists.indexesWithStatus(purpose, keyId, from, to);
    const at = this.clock.now();
    const credential = await signStatusList({
      url: this.urlOf(purpose, keyId, listNo),
      purpose: purposeOfList(purpose),
      setIndexes: indexes.map((statusIndex) => statusListPosition(statusIndex).index),
      key,
      at,
      ...(purpose === 'standing' ? { as: this.issuerKeys.asSigner(key) } : {}),
    });
    await this.lists.storeSigned(purpose, keyId, listNo, {
      version,
      credential: credential as unknown as Record<string, unknown>,
      signedAt: at,
    });
    return credential;
  }

  /** Marks a list changed; call it in the transaction that changes a certificate's status. */
  async markChanged(kind: StatusListKind, keyId: string, listNo: number): Promise<void> {
    await this.lists.bumpVersion(kind, keyId, listNo);
  }

  /**
   * A key signed a certificate's credential: it is recorded (the key's lists carry the
   * certificate from now on) and the key's lists are marked changed, as the certificate may not
   * be valid any more. Call it in the transaction that stores the credential.
   */
  async signedBy(certificateId: string, statusIndex: number, keyId: string): Promise<void> {
    await this.lists.recordSignature(certificateId, keyId, this.clock.now());
    const { listNo } = statusListPosition(statusIndex);
    for (const kind of ['revocation', 'suspension', 'standing'] as const) {
      await this.markChanged(kind, keyId, listNo);
    }
  }

  /**
   * Marks the lists a status change touches, for every key that ever signed the certificate:
   * revocation when revoked is entered, suspension when suspended is entered or left, standing
   * when valid is left or entered. Call it in the status change's transaction. A certificate
   * whose credential was never signed is in no list yet.
   */
  async statusChanged(
    statusIndex: number,
    from: 'valid' | 'revoked' | 'suspended',
    to: 'valid' | 'revoked' | 'suspended',
  ): Promise<void> {
    const { listNo } = statusListPosition(statusIndex);
    for (const keyId of await this.lists.keysThatSigned(statusIndex)) {
      if ((from === 'revoked') !== (to === 'revoked')) {
        await this.markChanged('revocation', keyId, listNo);
      }
      if ((from === 'suspended') !== (to === 'suspended')) {
        await this.markChanged('suspension', keyId, listNo);
      }
      if ((from === 'valid') !== (to === 'valid')) {
        await this.markChanged('standing', keyId, listNo);
      }
    }
  }
}
