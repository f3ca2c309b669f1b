import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import {
  AnswersJson,
  ApiErrors,
  APP_CONFIG,
  AppConfig,
  FieldValidationException,
  Public,
  Roles,
  UuidParam,
} from '@academy/core';
import { CertificateError, CertificateErrorCode } from '../certificates-error';
import { CertificatesService } from '../issuance/certificates.service';
import { ACADEMY_NAME } from '../issuance/academy';
import type { StatusListKind } from '../signing/credential';
import { IssuerKeyInfo, IssuerKeys } from '../signing/issuer-keys';
import { StatusLists } from '../signing/status-list';

export class IssuerKeyDto {
  @ApiProperty({
    example: 'did:key:z6Mk…',
    description: 'The key’s DID: credentials it signed name it as issuer',
  })
  id!: string;

  @ApiProperty({
    format: 'uuid',
    description: 'The key’s id at the academy: status list addresses and the admin API use it',
  })
  keyId!: string;

  @ApiProperty()
  verificationMethod!: string;

  @ApiProperty()
  publicKeyMultibase!: string;

  @ApiProperty({ format: 'date-time' })
  validFrom!: string;

  @ApiProperty({
    nullable: true,
    format: 'date-time',
    description: 'When it was retired; its credentials still verify',
  })
  validUntil!: string | null;

  @ApiProperty()
  current!: boolean;

  @ApiProperty({
    nullable: true,
    format: 'date-time',
    description: 'When the academy revoked it: nothing it signed counts any more',
  })
  revokedAt!: string | null;
}

export class IssuerProfileDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({
    example: 'did:web:academy.example.org',
    description: 'The academy’s DID: the issuer credentials name; its document is /.well-known/did.json',
  })
  did!: string;

  @ApiProperty({ example: 'Profile' })
  type!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  url!: string;

  @ApiProperty({ type: [IssuerKeyDto], description: 'Every signing key, newest first' })
  keys!: IssuerKeyDto[];
}

export class RotationDto {
  @ApiProperty({ type: IssuerKeyDto, nullable: true })
  previous!: IssuerKeyDto | null;

  @ApiProperty({ type: IssuerKeyDto })
  current!: IssuerKeyDto;
}

export class RevokeKeyDto {
  @ApiProperty({ description: 'Why the key is revoked (kept in the audit trail)', maxLength: 500 })
  @IsString({ message: 'reason must be text' })
  @Length(1, 500, { message: 'reason must be 1 to 500 characters' })
  reason!: string;
}

export class KeyRevocationDto {
  @ApiProperty({ type: IssuerKeyDto })
  revoked!: IssuerKeyDto;

  @ApiProperty({
    type: IssuerKeyDto,
    description: 'The key signing now (a new one when the current key was revoked)',
  })
  current!: IssuerKeyDto;

  @ApiProperty({ description: 'Certificates whose credential the revoked key signed: each is signed again' })
  reissued!: number;
}

function keyDto(key: IssuerKeyInfo): IssuerKeyDto {
  return {
    id: key.did,
    keyId: key.id,
    verificationMethod: key.verificationMethod,
    publicKeyMultibase: key.publicKeyMultibase,
    validFrom: key.validFrom.toISOString(),
    validUntil: key.validUntil?.toISOString() ?? null,
    current: key.current,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/** The issuer's public face: its profile and keys, its status lists; and key rotation for admins. */
@ApiTags('verification')
@Controller()
export class IssuerController {
  constructor(
    private readonly keys: IssuerKeys,
    private readonly statusLists: StatusLists,
    private readonly certificates: CertificatesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('issuer')
  @AnswersJson()
  @Public()
  @ApiOkResponse({
    type: IssuerProfileDto,
    description: 'The academy as issuer, with every signing key and its validity.',
  })
  async profile(): Promise<IssuerProfileDto> {
    if ((await this.keys.all()).length === 0) {
      await this.keys.current();
    }
    return {
      id: `${this.config.publicUrl}/issuer`,
      did: this.keys.did,
      type: 'Profile',
      name: ACADEMY_NAME,
      url: this.config.publicUrl,
      keys: (await this.keys.all()).map(keyDto),
    };
  }

  @Get('.well-known/did.json')
  @AnswersJson()
  @Public()
  @ApiOkResponse({
    description:
      'The academy’s did:web DID document: every signing key as a Multikey, revoked ones marked; cacheable.',
  })
  async didDocument(
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendCacheable(
      reply,
      JSON.stringify(await this.keys.didDocument()),
      'application/did+ld+json',
      ifNoneMatch,
    );
  }

  @Get('credentials/status/:keyId/:listNo')
  @AnswersJson()
  @Public()
  @ApiOkResponse({
    description:
      'The standing list of did:web credentials (one bit: suspended or revoked), a signed Bitstring Status List credential, cacheable.',
  })
  @ApiErrors(400, 404)
  async standingList(
    @UuidParam('keyId') keyId: string,
    @Param('listNo') rawListNo: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.sendList('standing', keyId, rawListNo, ifNoneMatch, reply);
  }

  @Get('credentials/status/:purpose/:keyId/:listNo')
  @AnswersJson()
  @Public()
  @ApiOkResponse({
    description:
      'A revocation or suspension list of did:key credentials (signed before did:web), a signed Bitstring Status List credential, cacheable.',
  })
  @ApiErrors(400, 404)
  async statusList(
    @Param('purpose') purpose: string,
    @UuidParam('keyId') keyId: string,
    @Param('listNo') rawListNo: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (purpose !== 'revocation' && purpose !== 'suspension') {
      throw new FieldValidationException({ purpose: ['purpose must be revocation or suspension'] });
    }
    await this.sendList(purpose, keyId, rawListNo, ifNoneMatch, reply);
  }

  private async sendList(
    kind: StatusListKind,
    keyId: string,
    rawListNo: string,
    ifNoneMatch: string | undefined,
    reply: FastifyReply,
  ): Promise<void> {
    if (!/^\d{1,9}$/.test(rawListNo)) {
      throw new FieldValidationException({ listNo: ['listNo must be a whole number'] });
    }
    const list = await this.statusLists.credentialFor(kind, keyId, Number(rawListNo));
    if (!list) {
      throw new CertificateError(CertificateErrorCode.STATUS_LIST_NOT_FOUND, 'No such status list.');
    }
    await sendCacheable(reply, JSON.stringify(list), 'application/vc+ld+json', ifNoneMatch);
  }

  @Post('api/v1/admin/issuer/keys/rotate')
  @Roles('admin')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: RotationDto,
    description: 'A new current key; the previous one is retired (its credentials still verify).',
  })
  @ApiErrors(401, 403, 409)
  async rotate(): Promise<RotationDto> {
    const { previous, current } = await this.keys.rotate();
    return { previous: previous ? keyDto(previous) : null, current: keyDto(current) };
  }

  @Post('api/v1/admin/issuer/keys/:keyId/revoke')
  @Roles('admin')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: KeyRevocationDto,
    description:
      'Revokes a key (lost or misused): the DID document marks it, nothing it signed verifies, and each certificate it signed is signed again with the current key. Revoking the current key rotates first.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async revoke(@UuidParam('keyId') keyId: string, @Body() body: RevokeKeyDto): Promise<KeyRevocationDto> {
    const { revoked, current, reissued } = await this.certificates.revokeIssuerKey(keyId, body.reason.trim());
    return { revoked: keyDto(revoked), current: keyDto(current), reissued };
  }
}

/**
 * A public document verifiers may cache for five minutes (a revocation shows at most that late
 * to them), with an ETag so a fresh copy costs a 304.
 */
async function sendCacheable(
  reply: FastifyReply,
  body: string,
  type: string,
  ifNoneMatch: string | undefined,
): Promise<void> {
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
  reply.header('cache-control', 'public, max-age=300').header('etag', etag);
  if (ifNoneMatch === etag) {
    await reply.status(304).send();
    return;
  }
  await reply.type(type).send(body);
}
