import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock } from '@academy/core';
import type { AppConfig } from '@academy/core';
import type { Download } from '@academy/core';
import { creditTypeName, OutsideCreditsService } from '@academy/learning';
import { renderTranscriptPdf } from '../pdf/certificate-pdf';
import { verificationStatus } from './certificate.types';
import { activityLines } from './certificate-statements';
import { ACADEMY_NAME } from './academy';
import { CertificatesService } from './certificates.service';

/**
 * The learner's transcript as a PDF: every certificate in a date range, credits by type, and apart
 * from them the credits the learner reported from other providers.
 */
@Injectable()
export class TranscriptPdfService {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly clock: Clock,
    private readonly outsideCredits: OutsideCreditsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The transcript PDF as its holder downloads it. */
  async download(
    userId: string,
    holderName: string,
    range: { from?: string; to?: string },
  ): Promise<Download> {
    const { items, totals } = await this.certificates.transcript(userId, range);
    const outside = await this.outsideCredits.forTranscript(userId, range);
    const now = this.clock.now();
    const pdf = await renderTranscriptPdf({
      academyName: ACADEMY_NAME,
      timeZone: this.config.academyTimeZone,
      holderName: items[0]?.holderName ?? holderName,
      from: range.from ? new Date(`${range.from}T00:00:00Z`) : null,
      to: range.to ? new Date(`${range.to}T00:00:00Z`) : null,
      generatedAt: now,
      rows: items.map((certificate) => ({
        number: certificate.number,
        courseTitle: certificate.courseTitle,
        courseVersion: certificate.courseVersion,
        issuedAt: certificate.issuedAt,
        status: verificationStatus(certificate, now),
        credits: certificate.credits,
        statements: activityLines(certificate.statements),
      })),
      totals,
      outsideCredits: {
        items: outside.items.map((credit) => ({
          provider: credit.provider,
          activity: credit.activity,
          completedOn: new Date(`${credit.completedOn}T00:00:00Z`),
          creditType: creditTypeName(credit),
          amount: credit.amount,
        })),
        totals: outside.totals,
      },
    });
    return { type: 'application/pdf', fileName: 'transcript.pdf', body: pdf };
  }
}
