import type { Certificate } from './certificate.types';

/**
 * A certificate was just issued. Emitted inside the issuing transaction: listeners' writes
 * (a board report queued, say) commit or roll back with the certificate.
 */
export const CERTIFICATE_ISSUED = 'certificates.certificate_issued';

export class CertificateIssued {
  constructor(
    readonly certificate: Certificate,
    /** The boards the learner chose, at the claim step, to have this completion reported to. */
    readonly reportTo: readonly string[],
  ) {}
}
