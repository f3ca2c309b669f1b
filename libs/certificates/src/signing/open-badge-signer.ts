import { Injectable } from '@nestjs/common';
import { Clock } from '@academy/core';
import { buildOpenBadgeCredential, CredentialInput, OpenBadgeCredential } from './credential';
import { IssuerKeys } from './issuer-keys';
import { sign, Signed } from './signer';

/** A certificate's credential, signed with the academy's current key. */
export interface SignedCertificateCredential {
  /** `issuer_key.id` of the key that signed (for `certificate.issuer_key_id`). */
  keyId: string;
  issuerDid: string;
  credential: Signed<OpenBadgeCredential>;
}

/** Builds and signs certificates' Open Badges 3.0 credentials. */
@Injectable()
export class OpenBadgeSigner {
  constructor(
    private readonly issuerKeys: IssuerKeys,
    private readonly clock: Clock,
  ) {}

  async signCredential(input: CredentialInput): Promise<SignedCertificateCredential> {
    const key = await this.issuerKeys.current();
    const credential = await sign(buildOpenBadgeCredential(input, key.did, key.id), key, {
      created: this.clock.now(),
    });
    return { keyId: key.id, issuerDid: key.did, credential };
  }
}
