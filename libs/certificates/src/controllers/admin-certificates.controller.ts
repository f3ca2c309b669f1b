import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiErrors, Clock, PageQueryDto, Roles } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import {
  CertificateDto,
  CertificateListDto,
  StatusChangeDto,
  toCertificateDto,
} from '../dto/certificate.dto';
import type { Certificate } from '../issuance/certificate.types';
import { verificationStatus } from '../issuance/certificate.types';
import { CertificatesService } from '../issuance/certificates.service';
import { CertificateNumberParam } from './certificate-number.param';

export class CertificateQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of a number or a holder’s name' })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;
}

@ApiTags('certificates')
@ApiBearerAuth()
@Controller('api/v1/admin/certificates')
@Roles('admin')
export class AdminCertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOkResponse({ type: CertificateListDto, description: 'Every certificate, newest first.' })
  @ApiErrors(400, 401, 403)
  async list(@Query() query: CertificateQueryDto): Promise<CertificateListDto> {
    const page = await this.certificates.list(query);
    return { items: page.items.map((certificate) => this.dto(certificate)), total: page.total };
  }

  @Get(':number')
  @ApiOkResponse({ type: CertificateDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@CertificateNumberParam() number: string): Promise<CertificateDto> {
    return this.dto(await this.certificates.byNumber(number));
  }

  @Post(':number/status')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: CertificateDto,
    description: 'Revoked (final), suspended, or reinstated; audited and published in the status lists.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async changeStatus(
    @CurrentUser() user: UserPrincipal,
    @CertificateNumberParam() number: string,
    @Body() body: StatusChangeDto,
  ): Promise<CertificateDto> {
    return this.dto(
      await this.certificates.changeStatus(user.userId, number, {
        status: body.status,
        reason: body.reason ?? null,
        note: body.note ?? null,
      }),
    );
  }

  @Post(':number/reissue')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: CertificateDto,
    description:
      'Its credential signed again now, with the current key, as the academy’s did:web, and the PDF rendered again around it; the number and status stay. Audited.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async reissue(
    @CurrentUser() user: UserPrincipal,
    @CertificateNumberParam() number: string,
  ): Promise<CertificateDto> {
    return this.dto(await this.certificates.reissueCredential(user.userId, number));
  }

  private dto(certificate: Certificate): CertificateDto {
    return toCertificateDto(
      certificate,
      verificationStatus(certificate, this.clock.now()),
      this.certificates.verifyUrl(certificate.number),
    );
  }
}
