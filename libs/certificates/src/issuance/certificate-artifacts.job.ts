import { Job } from '@academy/core';
import type { JobDefinition, JobReport } from '@academy/core';
import { CertificatesService } from './certificates.service';

/** Every minute: signs the credentials and renders the PDFs of newly issued certificates. */
@Job({ name: 'certificates.sign-and-render', cron: '* * * * *' })
export class CertificateArtifactsJob implements JobDefinition {
  constructor(private readonly certificates: CertificatesService) {}

  async run(): Promise<JobReport> {
    return { signedAndRendered: await this.certificates.completeArtifacts() };
  }
}
