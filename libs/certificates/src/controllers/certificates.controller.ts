import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, ApiFileResponse, Clock, Roles, sendDownload } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { OutsideCreditsService, toOutsideCreditDto } from '@academy/learning';
import { CertificateNumberParam } from './certificate-number.param';
import {
  CertificateDto,
  CertificateListDto,
  toCertificateDto,
  TranscriptDto,
  TranscriptQueryDto,
} from '../dto/certificate.dto';
import { verificationStatus } from '../issuance/certificate.types';
import type { Certificate } from '../issuance/certificate.types';
import { CertificatesService } from '../issuance/certificates.service';
import { TranscriptPdfService } from '../issuance/transcript-pdf.service';

@ApiTags('certificates')
@Controller('api/v1')
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly transcripts: TranscriptPdfService,
    private readonly clock: Clock,
    private readonly outsideCredits: OutsideCreditsService,
  ) {}

  /** List my certificates */
  @Get('me/certificates')
  @Roles('learner')
  @ApiOkResponse({
    type: CertificateListDto,
    description: 'The caller’s certificates, newest first, each with its number.',
  })
  @ApiErrors(401, 403)
  async mine(@CurrentUser() user: UserPrincipal): Promise<CertificateListDto> {
    const items = (await this.certificates.mine(user.userId)).map((certificate) => this.dto(certificate));
    return { items, total: items.length };
  }

  /** Read my transcript */
  @Get('me/transcript')
  @Roles('learner')
  @ApiOkResponse({
    type: TranscriptDto,
    description:
      'Certificates and credits by type over a date range, and apart from them the credits the learner reported from other providers.',
  })
  @ApiErrors(400, 401, 403)
  async transcript(
    @CurrentUser() user: UserPrincipal,
    @Query() query: TranscriptQueryDto,
  ): Promise<TranscriptDto> {
    const transcript = await this.certificates.transcript(user.userId, query);
    const outside = await this.outsideCredits.forTranscript(user.userId, query);
    return {
      from: query.from ?? null,
      to: query.to ?? null,
      items: transcript.items.map((certificate) => this.dto(certificate)),
      totals: transcript.totals,
      outsideCredits: { items: outside.items.map(toOutsideCreditDto), totals: outside.totals },
    };
  }

  /** Download my transcript (PDF) */
  @Get('me/transcript/pdf')
  @Roles('learner')
  @ApiFileResponse('The transcript as a PDF.', 'application/pdf')
  @ApiErrors(400, 401, 403)
  async transcriptPdf(
    @CurrentUser() user: UserPrincipal,
    @Query() query: TranscriptQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDownload(reply, await this.transcripts.download(user.userId, user.fullName, query));
  }

  /** Download a certificate (PDF) */
  @Get('certificates/:number/pdf')
  @Roles('learner', 'admin')
  @ApiFileResponse('The certificate PDF (holder or admin).', 'application/pdf')
  @ApiErrors(401, 403, 404)
  async pdf(
    @CurrentUser() user: UserPrincipal,
    @CertificateNumberParam() number: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDownload(reply, await this.certificates.pdfDownload(user, number));
  }

  /** Download a certificate's verifiable credential */
  @Get('certificates/:number/credential')
  @Roles('learner', 'admin')
  @ApiFileResponse(
    'The signed Open Badges 3.0 / W3C VC 2.0 credential (holder or admin).',
    'application/vc+ld+json',
  )
  @ApiErrors(401, 403, 404)
  async credential(
    @CurrentUser() user: UserPrincipal,
    @CertificateNumberParam() number: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDownload(reply, await this.certificates.credentialDownload(user, number));
  }

  private dto(certificate: Certificate): CertificateDto {
    return toCertificateDto(
      certificate,
      verificationStatus(certificate, this.clock.now()),
      this.certificates.verifyUrl(certificate.number),
    );
  }
}
