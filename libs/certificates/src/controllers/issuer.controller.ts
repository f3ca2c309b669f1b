import { Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import {
  AnswersJson,
  ApiErrors,
  ApiFileResponse,
  APP_CONFIG,
  AppConfig,
  FieldValidationException,
  Public,
  Roles,
  UuidParam,
} from '@academy/core';
import { CertificateError, CertificateErrorCode } from '../certificates-error';
import { ACADEMY_NAME } from '../issuance/academy';
import { IssuerKeyInfo, IssuerKeys } from '../signing/issuer-keys';
import { StatusLists } from '../signing/status-list';

export class IssuerKeyDto {
  @ApiProperty({
    example: 'did:key:z6Mk…',
    description: 'The key’s DID: credentials it signed name it as issuer',
  })
  id!: string;

  @ApiProperty()
  verificationMethod!: string;

  @ApiProperty()
  publicKeyMultibase!: string;

  @ApiProperty({ format: 'date-time' })
  validFrom!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When it was retired; its credentials still verify',
  })
  validUntil!: string | null;

  @ApiProperty()
  current!: boolean;
}

export class IssuerProfileDto {
  @ApiProperty()
  id!: string;

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

function keyDto(key: IssuerKeyInfo): IssuerKeyDto {
  return {
    id: key.did,
    verificationMethod: key.verificationMethod,
    publicKeyMultibase: key.publicKeyMultibase,
    validFrom: key.validFrom.toISOString(),
    validUntil: key.validUntil?.toISOString() ?? null,
    current: key.current,
  };
}

/** The issuer's public face: its profile and keys, its status lists; and key rotation for admins. */
@ApiTags('verification')
@Controller()
export class IssuerController {
  constructor(
    private readonly keys: IssuerKeys,
    private readonly statusLists: StatusLists,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Read the issuer profile and keys */
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
      type: 'Profile',
      name: ACADEMY_NAME,
      url: this.config.publicUrl,
      keys: (await this.keys.all()).map(keyDto),
    };
  }

  /** Read a status list credential */
  @Get('credentials/status/:purpose/:keyId/:listNo')
  @AnswersJson()
  @Public()
  @ApiFileResponse(
    'A signed Bitstring Status List credential (131,072 entries, gzip-compressed), cacheable.',
    'application/vc+ld+json',
  )
  @ApiResponse({ status: 304, description: 'Unchanged since the `ETag` sent in `If-None-Match`.' })
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
    if (!/^\d{1,9}$/.test(rawListNo)) {
      throw new FieldValidationException({ listNo: ['listNo must be a whole number'] });
    }
    const list = await this.statusLists.credentialFor(purpose, keyId, Number(rawListNo));
    if (!list) {
      throw new CertificateError(CertificateErrorCode.STATUS_LIST_NOT_FOUND, 'No such status list.');
    }
    const body = JSON.stringify(list);
    const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
    // Verifiers may cache a list for five minutes; a revocation shows at most that late to them.
    reply.header('cache-control', 'public, max-age=300').header('etag', etag);
    if (ifNoneMatch === etag) {
      await reply.status(304).send();
      return;
    }
    await reply.type('application/vc+ld+json').send(body);
  }

  /** Rotate the issuer signing key */
  @Post('api/v1/admin/issuer/keys/rotate')
  @Roles('admin')
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
}
