import { Injectable } from '@nestjs/common';
import { Clock } from '@academy/core';
import {
  buildOpenBadgeCredential,
  CredentialInput,
  DataIntegrityProofJson,
  OpenBadgeCredential,
} from './credential';
import { IssuerKeys } from './issuer-keys';
import { sign, Signed } from './signer';

/**
 * A signed Open Badges credential: its proof as a proof set of one, because the Open Badges 3.0
 * schema types `proof` as an array (Data Integrity allows either; verifiers read both).
 */
export type SignedOpenBadgeCredential = OpenBadgeCredential & { proof: DataIntegrityProofJson[] };

/** The signed credential with its proof as a proof set of one. */
export function withProofSet(signed: Signed<OpenBadgeCredential>): SignedOpenBadgeCredential {
  const { proof, ...credential } = signed;
  return { ...credential, proof: [proof] };
}

/** A certificate's credential, signed with the academy's current key. */
export interface SignedCertificateCredential {
  /** `issuer_key.id` of the key that signed (for `certificate.issuer_key_id`). */
  keyId: string;
  /** The academy's did:web: the credential's issuer. */
  issuerDid: string;
  credential: SignedOpenBadgeCredential;
}

/** Builds and signs certificates' Open Badges 3.0 credentials, as the academy's did:web. */
@Injectable()
export class OpenBadgeSigner {
  constructor(
    private readonly issuerKeys: IssuerKeys,
    private readonly clock: Clock,
  ) {}

  async signCredential(input: CredentialInput): Promise<SignedCertificateCredential> {
    const { did, verificationMethod, key } = await this.issuerKeys.signer();
    const signed = await sign(buildOpenBadgeCredential(input, { did, keyId: key.id }), key, {
      created: this.clock.now(),
      verificationMethod,
    });
    return { keyId: key.id, issuerDid: did, credential: withProofSet(signed) };
  }
}
