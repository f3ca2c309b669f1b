import { Injectable } from '@nestjs/common';

/** Answers, per certificate id, what became of its reports to certifying boards, in words. */
export interface BoardReportStatusSource {
  forCertificates(certificateIds: string[], zone?: string): Promise<Map<string, string[]>>;
}

/**
 * What the holder is told of their certificates' reports to certifying boards ("Reported to the
 * American Board of Internal Medicine on 12 March 2027", "Not reported to ABIM yet: add your date
 * of birth on your reporting profile"). The reporting queue lives in accreditation, which depends
 * on certificates, so it registers itself here at start; without it every certificate has no line.
 */
@Injectable()
export class BoardReportStatus {
  private source: BoardReportStatusSource | null = null;

  register(source: BoardReportStatusSource): void {
    this.source = source;
  }

  /** Lines per certificate id (certificates never reported are left out); dates in `zone`, else UTC. */
  forCertificates(certificateIds: string[], zone?: string): Promise<Map<string, string[]>> {
    if (!this.source || certificateIds.length === 0) {
      return Promise.resolve(new Map<string, string[]>());
    }
    return this.source.forCertificates(certificateIds, zone);
  }
}
