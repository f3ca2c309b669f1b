import { Body, Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { ApiErrors, BodyLimit, Public, TextCheckedByHandler } from '@academy/core';
import { OptionalPrincipal, Principal } from '@academy/identity';
import {
  BulkVerificationDto,
  BulkVerifyDto,
  toVerificationDto,
  VerificationDto,
} from '../dto/certificate.dto';
import { Verifier, VerificationService } from '../verification/verification.service';
import { CertificateNumberParam } from './certificate-number.param';

/**
 * Who verified, from the caller: a verifier organisation's API key, a user (attributed to their
 * verifier organisation when they belong to one), or nobody.
 */
export function verifierOf(principal: Principal | null, channel: Verifier['channel']): Verifier {
  if (principal?.kind === 'apiKey') {
    return { channel, organisationId: principal.organisationId, apiKeyId: principal.apiKeyId };
  }
  if (principal?.kind === 'user') {
    return { channel, userId: principal.userId, organisationId: principal.organisationId };
  }
  return { channel, userId: null };
}

/** Public verification: anyone may check a certificate, no login; every check is recorded. */
@ApiTags('verification')
@Controller('api/v1/verify')
@Public()
export class VerifyController {
  constructor(private readonly verification: VerificationService) {}

  /** Verify a certificate */
  @Get(':number')
  @ApiOkResponse({ type: VerificationDto, description: 'A known certificate and its current status.' })
  @ApiNotFoundResponse({
    type: VerificationDto,
    description: 'No certificate with this number: status "unknown".',
  })
  @ApiErrors(400, 429)
  async verify(
    @CertificateNumberParam() number: string,
    @OptionalPrincipal() principal: Principal | null,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VerificationDto> {
    const answer = await this.verification.verify(number, verifierOf(principal, 'api'));
    if (answer.status === 'unknown') {
      reply.status(404);
      return {
        statusCode: 404,
        error: 'Not Found',
        message: 'No certificate with this number.',
        ...toVerificationDto(answer),
      } as VerificationDto;
    }
    return toVerificationDto(answer);
  }

  /** Verify several certificates */
  @Post()
  @HttpCode(HttpStatus.OK)
  // A bulk check is up to a thousand lookups: fewer of them per minute.
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  // A thousand numbers take about 40 kB: nothing larger reaches the parser's transformation.
  @BodyLimit(64 * 1024)
  // A malformed number (a NUL in it, say) is answered in its row: the batch is never refused for one.
  @TextCheckedByHandler('numbers')
  @ApiOkResponse({ type: BulkVerificationDto, description: 'One result per number, in the order given.' })
  @ApiErrors(400, 429)
  async bulk(
    @Body() body: BulkVerifyDto,
    @OptionalPrincipal() principal: Principal | null,
  ): Promise<BulkVerificationDto> {
    const answers = await this.verification.verifyMany(body.numbers, verifierOf(principal, 'bulk'));
    return { items: answers.map(toVerificationDto) };
  }
}
