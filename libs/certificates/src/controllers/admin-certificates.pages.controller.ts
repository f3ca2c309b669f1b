import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  AfterPost,
  Clock,
  formProblem,
  FormWithFieldErrors,
  Page,
  pageNumberOf,
  pagination,
  parseForm,
  Roles,
  ShowPage,
} from '@academy/core';
import { APP_CONFIG } from '@academy/core';
import type { AppConfig, SeeOther } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { StatusChangeDto } from '../dto/certificate.dto';
import type { Certificate, CertificateStatus } from '../issuance/certificate.types';
import { STATUS_REASONS, statusReasonForStaff, verificationStatus } from '../issuance/certificate.types';
import { CertificatesService } from '../issuance/certificates.service';
import { IssuerKeys } from '../signing/issuer-keys';
import { creditsInWords, dayAt, renewalLinks, statusInWords, VIEWS } from './certificate-page-models';
import { CertificateNumberParam } from './certificate-number.param';

type Model = Record<string, unknown>;
type Form = Record<string, unknown>;

const PAGE_SIZE = 20;
const SEARCH_MAX = 100;

/** The changes an admin may make from a stored status: revocation is final. */
const CHANGES: Record<CertificateStatus, { value: 'revoked' | 'suspended' | 'valid'; label: string }[]> = {
  valid: [
    { value: 'suspended', label: 'Suspend: not valid until reinstated' },
    { value: 'revoked', label: 'Revoke: final, cannot be undone' },
  ],
  suspended: [
    { value: 'valid', label: 'Reinstate: valid again' },
    { value: 'revoked', label: 'Revoke: final, cannot be undone' },
  ],
  revoked: [],
};

const NOTICES: Record<string, string> = {
  reissued:
    'Credential issued again: signed now with the current key. The holder’s downloads and PDF carry the new one; the one issued before still tells its status.',
  revoked: 'Certificate revoked. Verifiers now see it as revoked, with the reason.',
  suspended: 'Certificate suspended. Verifiers see it as suspended until you reinstate it.',
  valid: 'Certificate reinstated. Verifiers see it as valid again.',
};

/** The rotation form: the box that confirms it. */
class RotateFormDto {
  @IsIn(['yes'], { message: 'Tick the box to confirm you want to rotate the signing key.' })
  confirm!: 'yes';
}

/** The key revocation form: which key, why, and the box that confirms it. */
class RevokeKeyFormDto {
  @IsUUID('all', { message: 'Choose the key to revoke.' })
  keyId!: string;

  @IsString({ message: 'Say why the key is revoked.' })
  @Length(1, 500, { message: 'Say why the key is revoked, in at most 500 characters.' })
  reason!: string;

  @IsIn(['yes'], { message: 'Tick the box to confirm you want to revoke this key.' })
  confirm!: 'yes';
}

/** Admins find certificates, revoke, suspend or reinstate them, and rotate the issuer's signing key. */
@ApiExcludeController()
@Controller('admin')
@Roles('admin')
export class AdminCertificatesPagesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly keys: IssuerKeys,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('certificates')
  @Page(`${VIEWS}/admin-certificates.hbs`)
  async list(@Query('q') rawQ: unknown, @Query('page') rawPage: unknown): Promise<Model> {
    const typed = typeof rawQ === 'string' ? rawQ.trim() : '';
    const tooLong = typed.length > SEARCH_MAX;
    const q = tooLong ? '' : typed;
    const page = pageNumberOf(rawPage);
    const { items, total } = await this.certificates.list({
      ...(q ? { q } : {}),
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const link = (n: number) =>
      `/admin/certificates?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) }).toString()}`;
    return {
      title: 'Certificates',
      q: typed.slice(0, SEARCH_MAX),
      fields: tooLong ? { q: [`Search with at most ${SEARCH_MAX} characters.`] } : {},
      total,
      certificates: items.map((certificate) => this.summary(certificate)),
      pagination: pagination(page, total, PAGE_SIZE, link),
    };
  }

  @Get('certificates/:number')
  @Page(`${VIEWS}/admin-certificate.hbs`)
  async details(@CertificateNumberParam() number: string, @Query('notice') notice: unknown): Promise<Model> {
    return this.detailsModel(await this.certificates.byNumber(number), {
      notice: typeof notice === 'string' ? NOTICES[notice] : undefined,
    });
  }

  @Post('certificates/:number/status')
  @FormWithFieldErrors()
  @AfterPost()
  async changeStatus(
    @CurrentUser() admin: UserPrincipal,
    @CertificateNumberParam() number: string,
    @Body() body: Form | undefined,
  ): Promise<SeeOther> {
    const values = { status: body?.status, reason: body?.reason, note: body?.note };
    const form = await parseForm(StatusChangeDto, values);
    if (!form.ok) {
      throw await this.certificatePage(number, { values, fields: form.fields }, 400);
    }
    try {
      const changed = await this.certificates.changeStatus(admin.userId, number, {
        status: form.value.status,
        reason: form.value.reason ?? null,
        note: form.value.note ?? null,
      });
      return { url: `/admin/certificates/${changed.number}?notice=${form.value.status}` };
    } catch (error) {
      const { fields, message, status } = formProblem(error);
      const formError = Object.keys(fields).length > 0 ? undefined : message;
      throw await this.certificatePage(number, { values, fields, formError }, status);
    }
  }

  @Post('certificates/:number/reissue')
  @AfterPost()
  async reissue(
    @CurrentUser() admin: UserPrincipal,
    @CertificateNumberParam() number: string,
  ): Promise<SeeOther> {
    try {
      const certificate = await this.certificates.reissueCredential(admin.userId, number);
      return { url: `/admin/certificates/${certificate.number}?notice=reissued` };
    } catch (error) {
      const { message, status } = formProblem(error);
      throw await this.certificatePage(number, { values: {}, fields: {}, formError: message }, status);
    }
  }

  /** A certificate's page again, with what the status form said is wrong. */
  private async certificatePage(
    number: string,
    state: { values: Form; fields: Record<string, string[]>; formError?: string },
    status: number,
  ): Promise<ShowPage> {
    const model = this.detailsModel(await this.certificates.byNumber(number), {
      ...state,
      formError: state.formError ?? 'Please correct the fields marked below.',
    });
    return new ShowPage(`${VIEWS}/admin-certificate.hbs`, model, status);
  }

  @Get('issuer')
  @Page(`${VIEWS}/admin-issuer.hbs`)
  async issuer(@Query('notice') notice: unknown): Promise<Model> {
    return this.issuerModel({
      notice:
        notice === 'rotated'
          ? 'Signing key rotated. New certificates are signed with the new key; those signed before still verify.'
          : notice === 'revoked'
            ? 'Key revoked. Nothing it signed verifies any more; the certificates it signed are being signed again with the current key.'
            : undefined,
    });
  }

  @Post('issuer/revoke')
  @AfterPost()
  async revokeKey(@Body() body: Form | undefined): Promise<SeeOther> {
    const values = {
      keyId: body?.keyId,
      reason: typeof body?.reason === 'string' ? body.reason.trim() : body?.reason,
      confirm: body?.confirm,
    };
    const form = await parseForm(RevokeKeyFormDto, values);
    if (!form.ok) {
      const model = await this.issuerModel({
        values,
        fields: form.fields,
        formError: 'Nothing changed: please correct the fields marked below.',
      });
      throw new ShowPage(`${VIEWS}/admin-issuer.hbs`, model, 400);
    }
    try {
      await this.certificates.revokeIssuerKey(form.value.keyId, form.value.reason);
      return { url: '/admin/issuer?notice=revoked' };
    } catch (error) {
      const { message, status } = formProblem(error);
      throw new ShowPage(
        `${VIEWS}/admin-issuer.hbs`,
        await this.issuerModel({ values, formError: message }),
        status,
      );
    }
  }

  @Post('issuer/rotate')
  @AfterPost()
  async rotate(@Body() body: Form | undefined): Promise<SeeOther> {
    const form = await parseForm(RotateFormDto, body);
    if (!form.ok) {
      const model = await this.issuerModel({
        fields: form.fields,
        formError: 'Nothing changed: confirm the rotation first.',
      });
      throw new ShowPage(`${VIEWS}/admin-issuer.hbs`, model);
    }
    try {
      await this.keys.rotate();
      return { url: '/admin/issuer?notice=rotated' };
    } catch (error) {
      const { message, status } = formProblem(error);
      throw new ShowPage(`${VIEWS}/admin-issuer.hbs`, await this.issuerModel({ formError: message }), status);
    }
  }

  private async issuerModel(extra: Model = {}): Promise<Model> {
    // As the public issuer profile does: a new academy has a key from the first look on.
    if ((await this.keys.all()).length === 0) {
      await this.keys.current();
    }
    const keys = await this.keys.all();
    const values = (extra.values ?? {}) as Form;
    return {
      title: 'Issuer signing keys',
      did: this.keys.did,
      keys: keys.map((key) => ({
        id: key.id,
        publicKeyMultibase: key.publicKeyMultibase,
        current: key.current,
        validFrom: key.validFrom,
        validUntil: key.validUntil,
        revokedAt: key.revokedAt,
        revocationReason: key.revocationReason,
      })),
      revocable: keys
        .filter((key) => !key.revokedAt)
        .map((key) => ({
          id: key.id,
          label: `${key.publicKeyMultibase.slice(0, 16)}… ${key.current ? '(current: a new key takes over)' : '(retired)'}`,
          selected: values.keyId === key.id,
        })),
      reason: typeof values.reason === 'string' ? values.reason : '',
      fields: {},
      ...extra,
    };
  }

  private summary(certificate: Certificate): Model {
    return {
      number: certificate.number,
      holderName: certificate.holderName,
      courseTitle: certificate.courseTitle,
      courseVersion: certificate.courseVersion,
      status: statusInWords(verificationStatus(certificate, this.clock.now())),
      issued: dayAt(certificate.issuedAt, this.config.academyTimeZone),
      href: `/admin/certificates/${certificate.number}`,
      ...renewalLinks(certificate, '/admin/certificates/'),
    };
  }

  private detailsModel(
    certificate: Certificate,
    state: { values?: Form; fields?: Record<string, string[]>; formError?: string; notice?: string },
  ): Model {
    const values = state.values ?? {};
    return {
      title: `Certificate ${certificate.number}`,
      certificate: {
        ...this.summary(certificate),
        credits: creditsInWords(certificate.credits),
        expires: dayAt(certificate.expiresAt, this.config.academyTimeZone) ?? 'Does not expire',
        contentHash: certificate.contentHash,
        reason: statusReasonForStaff(certificate),
        statusChanged: certificate.statusChangedAt,
        revoked: certificate.status === 'revoked',
      },
      verifyPath: `/verify/${certificate.number}`,
      verifyUrl: this.certificates.verifyUrl(certificate.number),
      changes: CHANGES[certificate.status].map((change, index) => ({
        ...change,
        checked: values.status ? values.status === change.value : index === 0,
      })),
      reasons: Object.entries(STATUS_REASONS).map(([value, label]) => ({
        value,
        label,
        selected: values.reason === value,
      })),
      note: typeof values.note === 'string' ? values.note : '',
      fields: state.fields ?? {},
      formError: state.formError,
      notice: state.notice,
    };
  }
}
