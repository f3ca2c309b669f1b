import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@academy/core';
import { IssuerKeyInfo, IssuerKeys } from '../signing/issuer-keys';
import { OpenBadgeSigner } from '../signing/open-badge-signer';
import { StatusLists } from '../signing/status-list';
import { certificateFacts } from './certificate.types';
import type { Certificate, CertificateStatus } from './certificate.types';
import { ACADEMY_NAME } from './academy';

/** Between certificates and the signing layer: what a certificate's credential says, and its status lists. */
@Injectable()
export class CredentialSigner {
  constructor(
    private readonly signer: OpenBadgeSigner,
    private readonly statusLists: StatusLists,
    private readonly issuerKeys: IssuerKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Revokes an issuer key (rotating first when it is the current one); see `IssuerKeys.revoke`. */
  revokeKey(keyId: string, reason: string): Promise<{ revoked: IssuerKeyInfo; current: IssuerKeyInfo }> {
    return this.issuerKeys.revoke(keyId, reason);
  }

  /** The certificate's Open Badges 3.0 credential, signed with the current key. */
  async signCertificate(
    certificate: Certificate,
    verifyUrl: string,
  ): Promise<{ keyId: string; credential: Record<string, unknown> }> {
    const { keyId, credential } = await this.signer.signCredential({
      ...certificateFacts(certificate),
      certificateId: certificate.id,
      statusIndex: certificate.statusIndex,
      publicUrl: this.config.publicUrl,
      academyName: ACADEMY_NAME,
      verifyUrl,
    });
    return { keyId, credential: credential as unknown as Record<string, unknown> };
  }

  /** A newly stored credential joins its key's lists: call in the transaction that stores it. */
  credentialStored(certificate: Pick<Certificate, 'id' | 'statusIndex'>, keyId: string): Promise<void> {
    return this.statusLists.signedBy(certificate.id, certificate.statusIndex, keyId);
  }

  /** Call in the transaction of a status change. */
  statusChanged(statusIndex: number, from: CertificateStatus, to: CertificateStatus): Promise<void> {
    return this.statusLists.statusChanged(statusIndex, from, to);
  }
}
