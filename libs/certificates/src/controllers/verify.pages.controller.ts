import {
  ArgumentsHost,
  BadRequestException,
  Body,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  HttpException,
  Inject,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify/multipart';
import type { AppConfig } from '@academy/core';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  APP_CONFIG,
  Clock,
  formProblem,
  MultipartFieldsRule,
  Public,
  renderPage,
  TextCheckedByHandler,
  uploadedText,
} from '@academy/core';
import { OptionalPrincipal, Principal } from '@academy/identity';
import { CertificateError, CertificateErrorCode } from '../certificates-error';
import { parseCertificateNumber } from '../issuance/certificate-number';
import { CredentialVerifier } from '../signing/verify';
import { VerificationAnswer, VerificationService } from '../verification/verification.service';
import {
  bulkReasonInWords,
  creditsInWords,
  credentialProblemInWords,
  dayAt,
  dayOf,
  statusInWords,
  VIEWS,
} from './certificate-page-models';
import { CertificateNumberParam } from './certificate-number.param';
import { CREDENTIAL_FILE_MAX_BYTES, credentialNumber, readCredentialFile } from './credential-file';
import { BulkResult, numbersFromCsv, resultsCsv } from './verification-csv';
import { verifierOf } from './verify.controller';

type Model = Record<string, unknown>;

/** What the start page shows again after a problem, per form. */
interface StartState {
  number?: { value?: string; error?: string };
  bulk?: { error?: string; numbers?: string };
  file?: { error?: string };
}

// The pasted list travels as a form field of the multipart form: 1000 numbers fit many times over.
const FIELD_MAX_BYTES = 256 * 1024;

/** One file (a CSV, a credential or a certificate PDF), at most 5 MB, and a few text fields. */
const VerificationUpload = FileInterceptor('file', {
  limits: { fileSize: CREDENTIAL_FILE_MAX_BYTES, files: 1, fields: 5, fieldSize: FIELD_MAX_BYTES },
});

/** The start page, showing again what a form sent and its problem when there is one. */
function renderStart(
  request: FastifyRequest,
  reply: FastifyReply,
  state: StartState = {},
  status = 200,
): Promise<void> {
  return renderPage(
    request,
    reply,
    `${VIEWS}/verify.hbs`,
    {
      title: 'Verify a certificate',
      number: state.number ?? {},
      bulk: state.bulk ?? {},
      file: state.file ?? {},
      maxMegabytes: CREDENTIAL_FILE_MAX_BYTES / (1024 * 1024),
    },
    status,
  );
}

/** Uploads the multipart parser refused (too large, cut short): said on the page, by the form sent. */
@Catch(PayloadTooLargeException, BadRequestException)
export class VerificationUploadFilter implements ExceptionFilter {
  async catch(exception: HttpException, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error =
      exception instanceof PayloadTooLargeException
        ? `The file is larger than ${CREDENTIAL_FILE_MAX_BYTES / (1024 * 1024)} MB. Certificate PDFs, credentials and lists of 1000 numbers are much smaller: check you chose the right file.`
        : `The upload could not be read (${exception.message}). Choose the file again and resend.`;
    const state: StartState = request.url.startsWith('/verify/bulk')
      ? { bulk: { error } }
      : { file: { error } };
    await renderStart(request, reply, state, exception.getStatus());
  }
}

/** An answer is of this moment: never cached; holders' names stay out of search engines. */
function neverKeptOrIndexed(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
}

/** The file field of a multipart form, or null when none was chosen (browsers send an empty part). */
function chosenFile(file: UploadedMultipartFile | undefined): Buffer | null {
  if (!file?.buffer || (file.buffer.length === 0 && !file.originalname)) {
    return null;
  }
  return file.buffer;
}

function answerRow(answer: VerificationAnswer, index: number, zone: string): Model {
  return {
    row: index + 1,
    number: answer.number,
    // A link to its own page only for a certificate there is.
    known: answer.status !== 'unknown' && answer.status !== 'invalid',
    status: statusInWords(answer.status),
    holderName: answer.holderName,
    course: answer.course,
    courseVersion: answer.courseVersion,
    credits: creditsInWords(answer.credits).join('; '),
    issued: dayAt(answer.issuedAt, zone),
    expires: dayAt(answer.expiresAt, zone),
    reason: answer.reason,
  };
}

/** How a row without a number shows in the status column. */
const EMPTY_ROW = { short: 'No number', tone: 'unknown' };

/** "996 unknown, 3 valid, 1 revoked, 1 not a number": the statuses found, most common first. */
function tally(results: readonly BulkResult[]): string {
  const counts = new Map<string, number>();
  for (const { answer } of results) {
    const label = answer ? statusInWords(answer.status).short.toLowerCase() : 'without a number';
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([label, count]) => `${count} ${label}`)
    .join(', ');
}

/** A short string from a credential's JSON, for display; null when it is not a string. */
function shortText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 300) : null;
}

/** A date a credential states, as a day; null when it states none or no date. */
function dayInCredential(value: unknown): string | null {
  const date = typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? dayOf(date) : null;
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Public verification pages: a number typed or scanned from the QR code, a bulk check of up to
 * 1000 numbers (CSV or pasted), and a credential file or certificate PDF checked offline. No
 * login; every check is recorded like the API's.
 */
@ApiExcludeController()
@Controller('verify')
@Public()
export class VerifyPagesController {
  constructor(
    private readonly verification: VerificationService,
    private readonly credentials: CredentialVerifier,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async start(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('number') rawNumber: unknown,
  ): Promise<void> {
    if (rawNumber === undefined) {
      return renderStart(request, reply);
    }
    const typed = typeof rawNumber === 'string' ? rawNumber.trim() : '';
    const error =
      typed === ''
        ? 'Enter the certificate number printed on the certificate, like RA-7KQ4-M2XD-….'
        : typed.length > 60 || !/^[0-9A-Za-z -]+$/.test(typed)
          ? 'A certificate number has only letters, digits and dashes, like RA-7KQ4-M2XD-….'
          : null;
    if (error) {
      return renderStart(request, reply, { number: { value: typed.slice(0, 60), error } }, 400);
    }
    return reply.redirect(`/verify/${encodeURIComponent(parseCertificateNumber(typed) ?? typed)}`, 303);
  }

  @Get(':number')
  async verify(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CertificateNumberParam() rawNumber: string,
    @OptionalPrincipal() principal: Principal | null,
  ): Promise<void> {
    const number = parseCertificateNumber(rawNumber);
    if (number && number !== rawNumber) {
      // One address per certificate: other spellings (lower case, spaces) lead to it.
      return reply.redirect(`/verify/${number}`, 301);
    }
    const answer = await this.verification.verify(rawNumber, verifierOf(principal, 'page'));
    neverKeptOrIndexed(reply);
    const status = statusInWords(answer.status);
    return renderPage(
      request,
      reply,
      `${VIEWS}/verification.hbs`,
      {
        title: `${status.label}: certificate ${answer.number}`,
        answer: {
          ...answerRow(answer, 0, this.config.academyTimeZone),
          credits: creditsInWords(answer.credits),
          expires: dayAt(answer.expiresAt, this.config.academyTimeZone) ?? 'Does not expire',
          renewedBy: answer.renewedBy?.number ?? null,
        },
        status,
        wellFormed: number !== null,
        checkedAt: this.clock.now(),
      },
      answer.status === 'unknown' ? 404 : 200,
    );
  }

  @Post('bulk')
  // Up to a thousand lookups a time: fewer of them per minute than pages.
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  // A malformed number is answered in its row, never by refusing the list.
  @TextCheckedByHandler('numbers')
  @UseInterceptors(VerificationUpload, MultipartFieldsRule)
  @UseFilters(VerificationUploadFilter)
  async bulk(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown> | undefined,
    @UploadedFile() upload: UploadedMultipartFile | undefined,
    @OptionalPrincipal() principal: Principal | null,
  ): Promise<void> {
    const pasted = typeof body?.numbers === 'string' ? body.numbers : '';
    try {
      const file = chosenFile(upload);
      if (file && pasted.trim() !== '') {
        throw new CertificateError(
          CertificateErrorCode.BAD_UPLOAD,
          'Give either a CSV file or a pasted list, not both.',
          'numbers',
        );
      }
      let text = pasted;
      if (file) {
        const content = uploadedText(file);
        if (content === null) {
          throw new CertificateError(
            CertificateErrorCode.BAD_UPLOAD,
            'This file is not a CSV text file. Save the sheet as “CSV (comma-separated values)” and upload that.',
            'file',
          );
        }
        text = content;
      }
      if (text.trim() === '') {
        throw new CertificateError(
          CertificateErrorCode.BAD_UPLOAD,
          'Choose a CSV file, or paste the numbers, one a line.',
          'numbers',
        );
      }
      const rows = numbersFromCsv(text);
      // Rows with nothing in the column of numbers are answered as such, not checked.
      const answers = await this.verification.verifyMany(
        rows.filter((row) => row.value !== '').map((row) => row.value),
        verifierOf(principal, 'bulk'),
      );
      let next = 0;
      const results: BulkResult[] = rows.map((row) => ({
        line: row.line,
        value: row.value,
        answer: row.value === '' ? null : answers[next++]!,
      }));
      neverKeptOrIndexed(reply);
      return renderPage(request, reply, `${VIEWS}/verify-bulk.hbs`, {
        title: 'Bulk check results',
        count: results.length,
        tally: tally(results),
        // Days as in the CSV (2026-11-22): a thousand rows read best in narrow columns.
        rows: results.map(({ line, value, answer }) =>
          answer
            ? {
                ...answerRow(answer, 0, this.config.academyTimeZone),
                line,
                issued: answer.issuedAt?.slice(0, 10) ?? null,
                expires: answer.expiresAt?.slice(0, 10) ?? null,
                reason: bulkReasonInWords(answer),
              }
            : { line, number: value, known: false, status: EMPTY_ROW, reason: bulkReasonInWords(null) },
        ),
        checkedAt: this.clock.now(),
        csvHref: `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${resultsCsv(results)}`)}`,
      });
    } catch (error) {
      const { message, status } = formProblem(error);
      return renderStart(
        request,
        reply,
        { bulk: { error: message, numbers: pasted.slice(0, FIELD_MAX_BYTES) } },
        status,
      );
    }
  }

  @Post('file')
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @UseInterceptors(VerificationUpload, MultipartFieldsRule)
  @UseFilters(VerificationUploadFilter)
  async file(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UploadedFile() upload: UploadedMultipartFile | undefined,
    @OptionalPrincipal() principal: Principal | null,
  ): Promise<void> {
    try {
      const file = chosenFile(upload);
      if (!file) {
        throw new CertificateError(
          CertificateErrorCode.BAD_UPLOAD,
          'Choose a credential file (.json) or a certificate PDF to check.',
          'file',
        );
      }
      const { credential, source, attachment } = await readCredentialFile(file);
      const result = await this.credentials.verify(credential);
      const number = credentialNumber(credential);
      const current = number ? await this.verification.verify(number, verifierOf(principal, 'upload')) : null;
      const subject = objectOf(credential.credentialSubject);
      neverKeptOrIndexed(reply);
      return renderPage(request, reply, `${VIEWS}/verify-file.hbs`, {
        title: result.verified ? 'Credential verified' : 'Credential not valid',
        fileName: upload?.originalname ?? null,
        fromPdf: source === 'pdf',
        attachment,
        verified: result.verified,
        problems: result.codes.map(credentialProblemInWords),
        says: {
          name: shortText(credential.name),
          holderName: shortText(subject.name),
          issuerName: shortText(objectOf(credential.issuer).name),
          issuerDid: result.issuerDid,
          validFrom: dayInCredential(credential.validFrom),
          validUntil: dayInCredential(credential.validUntil),
        },
        number,
        current: current
          ? {
              ...answerRow(current, 0, this.config.academyTimeZone),
              credits: creditsInWords(current.credits),
            }
          : null,
        checkedAt: this.clock.now(),
      });
    } catch (error) {
      const { message, status } = formProblem(error);
      return renderStart(request, reply, { file: { error: message } }, status);
    }
  }
}
