import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, Clock, Roles, sendDownload } from '@academy/core';
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
@ApiBearerAuth()
@Controller('api/v1')
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly transcripts: TranscriptPdfService,
    private readonly clock: Clock,
    private readonly outsideCredits: OutsideCreditsService,
  ) {}

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

  @Get('me/transcript/pdf')
  @Roles('learner')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The transcript as a PDF.' })
  @ApiErrors(400, 401, 403)
  async transcriptPdf(
    @CurrentUser() user: UserPrincipal,
    @Query() query: TranscriptQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDownload(reply, await this.transcripts.download(user.userId, user.fullName, query));
  }

  @Get('certificates/:number/pdf')
  @Roles('learner', 'admin')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The certificate PDF (holder or admin).' })
  @ApiErrors(401, 403, 404)
  async pdf(
    @CurrentUser() user: UserPrincipal,
    @CertificateNumberParam() number: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDownload(reply, await this.certificates.pdfDownload(user, number));
  }

  @Get('certificates/:number/credential')
  @Roles('learner', 'admin')
  @ApiOkResponse({ description: 'The signed Open Badges 3.0 / W3C VC 2.0 credential (holder or admin).' })
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
