import { Injectable } from '@nestjs/common';
import { Clock } from '@academy/core';
import { renderTranscriptPdf } from '../pdf/certificate-pdf';
import { verificationStatus } from './certificate.types';
import { ACADEMY_NAME } from './academy';
import { CertificatesService } from './certificates.service';

/** The learner's transcript as a PDF: every certificate in a date range, credits by type. */
@Injectable()
export class TranscriptPdfService {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly clock: Clock,
  ) {}

  async render(userId: string, holderName: string, range: { from?: string; to?: string }): Promise<Buffer> {
    const { items, totals } = await this.certificates.transcript(userId, range);
    const now = this.clock.now();
    return renderTranscriptPdf({
      academyName: ACADEMY_NAME,
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
      })),
      totals,
    });
  }
}
