import { OnEvent } from '@nestjs/event-emitter';
import { Job, JobQueue } from '@academy/core';
import type { JobDefinition, JobReport } from '@academy/core';
import { CERTIFICATE_ISSUED, CertificateIssued } from './certificate-events';
import { CertificatesService } from './certificates.service';

interface SignIssued {
  number: string;
}

/**
 * Signs and renders a certificate as soon as it is issued, so its holder can download it within
 * seconds of the final step. Queued in the issuing transaction (nothing runs for a step that
 * rolls back, and nothing is lost once it commits); the worker polls this queue often. The
 * minute's `certificates.sign-and-render` stays as the backstop.
 */
@Job({
  name: 'certificates.sign-issued',
  onePerKey: true,
  pollSeconds: 0.5,
  retry: { limit: 5, delaySeconds: 10, maxDelaySeconds: 300 },
})
export class SignIssuedCertificateJob implements JobDefinition<SignIssued> {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly jobs: JobQueue,
  ) {}

  @OnEvent(CERTIFICATE_ISSUED, { suppressErrors: false })
  async onIssued(event: CertificateIssued): Promise<void> {
    const { number } = event.certificate;
    await this.jobs.send(SignIssuedCertificateJob, { number }, { key: number });
  }

  async run({ number }: SignIssued): Promise<JobReport> {
    await this.certificates.pdf(await this.certificates.byNumber(number));
    return { signedAndRendered: 1 };
  }
}
