import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@academy/core';
import { statusListPosition } from '../signing/credential';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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

  /** A newly stored credential joins its key's lists: have them signed anew (its status may not be valid). */
  async credentialStored(statusIndex: number, keyId: string): Promise<void> {
    const { listNo } = statusListPosition(statusIndex);
    await this.statusLists.markChanged('revocation', keyId, listNo);
    await this.statusLists.markChanged('suspension', keyId, listNo);
  }

  /** Call in the transaction of a status change. */
  statusChanged(
    statusIndex: number,
    keyId: string | null,
    from: CertificateStatus,
    to: CertificateStatus,
  ): Promise<void> {
    return this.statusLists.statusChanged(statusIndex, keyId, from, to);
  }
}
