import { Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AfterPost,
  Clock,
  FieldValidationException,
  formProblem,
  Page,
  parseForm,
  qrSvg,
  readerOf,
  renderPage,
  Roles,
  SeeOther,
  sendDownload,
  ShowPage,
} from '@academy/core';
import { APP_CONFIG } from '@academy/core';
import type { AppConfig } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { creditTypeName, OutsideCreditsService } from '@academy/learning';
import type { OutsideTranscript } from '@academy/learning';
import { TranscriptQueryDto } from '../dto/certificate.dto';
import type { Certificate } from '../issuance/certificate.types';
import { statusReasonInWords, verificationStatus } from '../issuance/certificate.types';
import { BoardReportStatus } from '../issuance/board-report-status';
import { CertificatesService } from '../issuance/certificates.service';
import { TranscriptPdfService } from '../issuance/transcript-pdf.service';
import { activityLines, nameWithDegree } from '../issuance/certificate-statements';
import {
  amountOf,
  creditsInWords,
  dayAt,
  dayOf,
  renewalLinks,
  statusInWords,
  VIEWS,
} from './certificate-page-models';
import { CertificateNumberParam } from './certificate-number.param';
import { WALLET_EXCHANGE_MINUTES, WalletExchangesService } from '../wallet/wallet-exchanges.service';

type Model = Record<string, unknown>;

/** The date range of a transcript from the query: only `from` and `to`, as typed. */
function rangeOf(query: unknown): { from?: string; to?: string } {
  const { from, to } = (query ?? {}) as { from?: unknown; to?: unknown };
  return {
    ...(typeof from === 'string' && from !== '' ? { from: from.slice(0, 40) } : {}),
    ...(typeof to === 'string' && to !== '' ? { to: to.slice(0, 40) } : {}),
  };
}

/** A learner's certificates: the list, each one with its files and verification link, the transcript. */
@ApiExcludeController()
@Controller('me')
@Roles('learner')
export class MyCertificatesPagesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly transcripts: TranscriptPdfService,
    private readonly clock: Clock,
    private readonly boardReports: BoardReportStatus,
    private readonly outsideCredits: OutsideCreditsService,
    private readonly walletExchanges: WalletExchangesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('certificates')
  @Page(`${VIEWS}/my-certificates.hbs`)
  async list(@CurrentUser() user: UserPrincipal): Promise<Model> {
    const mine = await this.certificates.mine(user.userId);
    return { title: 'My certificates', certificates: mine.map((certificate) => this.summary(certificate)) };
  }

  @Get('certificates/:number')
  @Page(`${VIEWS}/my-certificate.hbs`)
  async details(
    @Req() request: FastifyRequest,
    @CurrentUser() user: UserPrincipal,
    @CertificateNumberParam() number: string,
    @Query('wallet') wallet: unknown,
  ): Promise<Model> {
    return this.detailsModel(request, user, number, typeof wallet === 'string' ? wallet : null);
  }

  /** Opens a wallet exchange and shows its QR code on the certificate's page. */
  @Post('certificates/:number/wallet')
  @AfterPost()
  async addToWallet(
    @Req() request: FastifyRequest,
    @CurrentUser() user: UserPrincipal,
    @CertificateNumberParam() number: string,
  ): Promise<SeeOther> {
    try {
      const { exchangeId } = await this.walletExchanges.create(user.userId, number);
      return { url: `/me/certificates/${encodeURIComponent(number)}?wallet=${exchangeId}#wallet` };
    } catch (error) {
      const { message, status } = formProblem(error);
      const model = await this.detailsModel(request, user, number, null);
      throw new ShowPage(`${VIEWS}/my-certificate.hbs`, { ...model, formError: message }, status);
    }
  }

  private async detailsModel(
    request: FastifyRequest,
    user: UserPrincipal,
    number: string,
    walletExchangeId: string | null,
  ): Promise<Model> {
    const certificate = await this.certificates.readable(user, number);
    const verifyUrl = this.certificates.verifyUrl(certificate.number);
    const boardReports = await this.boardReports.forCertificates([certificate.id], readerOf(request).zone);
    const wallet = walletExchangeId
      ? await this.walletExchanges.view(user.userId, certificate.id, walletExchangeId)
      : null;
    return {
      title: `Certificate: ${certificate.courseTitle}`,
      certificate: {
        ...this.summary(certificate),
        contentHash: certificate.contentHash,
        reason: statusReasonInWords(certificate),
        statusChanged: dayAt(certificate.statusChangedAt, this.config.academyTimeZone),
        holderName: nameWithDegree(certificate.holderName, certificate.statements?.degree),
        accreditation: certificate.statements?.accreditation || null,
        designation: certificate.statements?.designation || null,
        boardReports: boardReports.get(certificate.id) ?? [],
      },
      verifyUrl,
      verifyPath: `/verify/${certificate.number}`,
      qr: await qrSvg(verifyUrl, 'QR code of the verification address of this certificate', { margin: 2 }),
      // Only the holder's own certificate goes to a wallet, and only while it is not revoked or suspended.
      walletAvailable: certificate.userId === user.userId && certificate.status === 'valid',
      walletRefusal:
        certificate.status === 'valid'
          ? 'Only the holder of a certificate can add it to a wallet.'
          : `A ${certificate.status} certificate cannot be added to a wallet.`,
      walletMinutes: WALLET_EXCHANGE_MINUTES,
      wallet: wallet && {
        open: wallet.state === 'open',
        received: wallet.state === 'received',
        expired: wallet.state === 'expired',
        expiresAt: wallet.expiresAt,
        completedAt: wallet.completedAt,
        holderDid: wallet.holderDid,
        deepLink: wallet.links.deepLink,
        qr:
          wallet.state === 'open'
            ? await qrSvg(wallet.links.interactionUrl, 'QR code to scan with your wallet app', { margin: 2 })
            : null,
      },
    };
  }

  @Get('certificates/:number/pdf')
  async pdf(
    @CurrentUser() user: UserPrincipal,
    @CertificateNumberParam() number: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDownload(reply, await this.certificates.pdfDownload(user, number));
  }

  @Get('certificates/:number/credential.json')
  async credential(
    @CurrentUser() user: UserPrincipal,
    @CertificateNumberParam() number: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDownload(reply, await this.certificates.credentialDownload(user, number));
  }

  @Get('transcript')
  async transcript(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @Query() query: unknown,
  ): Promise<void> {
    const range = rangeOf(query);
    const form = await parseForm(TranscriptQueryDto, range);
    let fields: Record<string, string[]> = form.ok ? {} : form.fields;
    if (form.ok) {
      try {
        const { items, totals } = await this.certificates.transcript(user.userId, range);
        const boardReports = await this.boardReports.forCertificates(
          items.map((certificate) => certificate.id),
          readerOf(request).zone,
        );
        const outside = await this.outsideCredits.forTranscript(user.userId, range);
        const search = new URLSearchParams(range).toString();
        return renderPage(request, reply, `${VIEWS}/transcript.hbs`, {
          title: 'My transcript',
          values: range,
          fields,
          filtered: Boolean(range.from ?? range.to),
          period: this.period(range),
          rows: items.map((certificate) => ({
            ...this.summary(certificate),
            boardReports: boardReports.get(certificate.id) ?? [],
          })),
          totals: totals.map((total) => ({ type: total.type, amount: amountOf(total.amount) })),
          pdfHref: `/me/transcript.pdf${search ? `?${search}` : ''}`,
          outside: this.outsideModel(outside),
        });
      } catch (error) {
        fields = formProblem(error).fields;
      }
    }
    return renderPage(
      request,
      reply,
      `${VIEWS}/transcript.hbs`,
      {
        title: 'My transcript',
        values: range,
        fields,
        formError: 'Please correct the dates marked below.',
        rows: [],
        totals: [],
        invalid: true,
      },
      400,
    );
  }

  @Get('transcript.pdf')
  async transcriptPdf(
    @CurrentUser() user: UserPrincipal,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const range = rangeOf(query);
    const form = await parseForm(TranscriptQueryDto, range);
    if (!form.ok) {
      throw new FieldValidationException(form.fields);
    }
    await sendDownload(reply, await this.transcripts.download(user.userId, user.fullName, range));
  }

  /** "Issued from 1 January 2026 to 31 December 2026", or all time. */
  private period(range: { from?: string; to?: string }): string {
    if (range.from && range.to) {
      return `Issued from ${dayOf(range.from)!} to ${dayOf(range.to)!}`;
    }
    if (range.from) {
      return `Issued on or after ${dayOf(range.from)!}`;
    }
    return range.to ? `Issued on or before ${dayOf(range.to)!}` : 'All certificates';
  }

  /** The self-reported credits from other providers: their own rows and totals, never added to ours. */
  private outsideModel(outside: OutsideTranscript): Model {
    return {
      rows: outside.items.map((credit) => ({
        activity: credit.activity,
        provider: credit.provider,
        completed: dayOf(credit.completedOn),
        credit: `${amountOf(credit.amount)} ${creditTypeName(credit)}`,
      })),
      totals: outside.totals.map((total) => ({ type: total.type, amount: amountOf(total.amount) })),
    };
  }

  private summary(certificate: Certificate): Model {
    const status = statusInWords(verificationStatus(certificate, this.clock.now()));
    return {
      number: certificate.number,
      courseTitle: certificate.courseTitle,
      courseVersion: certificate.courseVersion,
      holderName: certificate.holderName,
      status,
      current: status.tone === 'valid',
      credits: creditsInWords(certificate.credits),
      issued: dayAt(certificate.issuedAt, this.config.academyTimeZone),
      expires: dayAt(certificate.expiresAt, this.config.academyTimeZone),
      href: `/me/certificates/${certificate.number}`,
      pdfHref: `/me/certificates/${certificate.number}/pdf`,
      statements: activityLines(certificate.statements),
      ...renewalLinks(certificate, '/me/certificates/'),
    };
  }
}
