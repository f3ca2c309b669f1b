import { Injectable, Logger } from '@nestjs/common';
import type { JobDefinition } from '@academy/core';
import { CertificatesService } from './certificates.service';

/** Every minute: signs the credentials and renders the PDFs of newly issued certificates. */
@Injectable()
export class CertificateArtifactsJob implements JobDefinition {
  readonly name = 'certificates.sign-and-render';
  readonly cron = '* * * * *';
  private readonly logger = new Logger(CertificateArtifactsJob.name);

  constructor(private readonly certificates: CertificatesService) {}

  async run(): Promise<void> {
    const done = await this.certificates.completeArtifacts();
    if (done > 0) {
      this.logger.log({ done }, 'Signed and rendered certificates');
    }
  }
}
