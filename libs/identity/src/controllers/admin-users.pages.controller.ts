import { Body, Controller, Get, Headers, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  AfterPost,
  DomainError,
  FormWithFieldErrors,
  Page,
  pageNumberOf,
  pagination,
  parseForm,
  Roles,
  ROLES,
  ShowPage,
  UuidParam,
} from '@academy/core';
import type { SeeOther } from '@academy/core';
import { CurrentUser } from '../auth/current-principal.decorator';
import { UserPrincipal } from '../auth/principal';
import { CreateUserDto, ListUsersQueryDto, RolesDto } from '../dto/admin.dto';
import { toUserDto } from '../dto/user.dto';
import type { UserEntity } from '../users/user.entity';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { UsersService } from '../users/users.service';

const VIEWS = 'libs/identity/views';
const LIST = `${VIEWS}/admin-users.hbs`;
const ANONYMISE = `${VIEWS}/admin-user-anonymise.hbs`;
const PAGE_SIZE = 20;

@ApiExcludeController()
@Controller('admin/users')
@Roles('admin')
export class AdminUsersPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  @Get()
  @Page(LIST)
  async list(@Query() query: unknown, @CurrentUser() admin: UserPrincipal): Promise<Record<string, unknown>> {
    return this.model(query, admin);
  }

  @Post()
  @FormWithFieldErrors()
  @AfterPost()
  async create(@Body() body: unknown, @CurrentUser() admin: UserPrincipal): Promise<SeeOther> {
    const raw = (body ?? {}) as Record<string, unknown>;
    const form = await parseForm(CreateUserDto, {
      ...raw,
      roles: raw.roles === undefined ? [] : ([] as unknown[]).concat(raw.roles),
    });
    let fields = form.ok ? {} : form.fields;
    if (form.ok) {
      try {
        const user = await this.users.createByAdmin(form.value);
        return { url: `/admin/users?created=${encodeURIComponent(user.email)}` };
      } catch (error) {
        if (!(error instanceof DomainError) || !error.field) {
          throw error;
        }
        fields = { [error.field]: [error.message] };
      }
    }
    const newUser = { values: { ...raw, password: '' }, fields, roles: rolesChecked(raw.roles) };
    throw new ShowPage(LIST, { ...(await this.model({}, admin)), newUser });
  }

  @Post(':id/roles')
  @FormWithFieldErrors()
  @AfterPost()
  async setRoles(
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @Headers('referer') referer: string | undefined,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<SeeOther> {
    const raw = (body as { roles?: unknown } | undefined)?.roles;
    const form = await parseForm(RolesDto, { roles: raw === undefined ? [] : ([] as unknown[]).concat(raw) });
    const action = form.ok ? () => this.users.setRoles(id, form.value.roles) : form.fields.roles?.join(' ');
    return this.act(referer, admin, action);
  }

  @Post(':id/disable')
  @AfterPost()
  async disable(
    @UuidParam('id') id: string,
    @Headers('referer') referer: string | undefined,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<SeeOther> {
    return this.act(referer, admin, () => this.users.disable(id, admin.userId));
  }

  @Post(':id/enable')
  @AfterPost()
  async enable(
    @UuidParam('id') id: string,
    @Headers('referer') referer: string | undefined,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<SeeOther> {
    return this.act(referer, admin, () => this.users.enable(id));
  }

  /** For a holder who lost their phone and recovery codes: every second factor off, sessions ended. */
  @Post(':id/two-factor/reset')
  @AfterPost()
  async resetTwoFactor(
    @UuidParam('id') id: string,
    @Headers('referer') referer: string | undefined,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<SeeOther> {
    return this.act(referer, admin, () => this.twoFactor.resetByAdmin(id, admin.userId));
  }

  /** What anonymising will do, to confirm: a learner's deletion request. */
  @Get(':id/anonymise')
  @Page(ANONYMISE)
  async confirmAnonymise(
    @UuidParam('id') id: string,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<Record<string, unknown>> {
    return anonymiseModel(await this.users.get(id), admin);
  }

  @Post(':id/anonymise')
  @AfterPost()
  async anonymise(@UuidParam('id') id: string, @CurrentUser() admin: UserPrincipal): Promise<SeeOther> {
    try {
      await this.users.anonymise(id, admin.userId);
      return { url: '/admin/users?anonymised=1' };
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      const model = { ...anonymiseModel(await this.users.get(id), admin), formError: error.message };
      throw new ShowPage(ANONYMISE, model, error.status);
    }
  }

  /** Runs an admin action and returns to the list as it was (its search and page), or shows it with the problem. */
  private async act(
    referer: string | undefined,
    admin: UserPrincipal,
    action: (() => Promise<unknown>) | string | undefined,
  ): Promise<SeeOther> {
    let problem = typeof action === 'function' ? undefined : (action ?? 'Choose at least one role.');
    if (typeof action === 'function') {
      try {
        await action();
      } catch (error) {
        if (!(error instanceof DomainError)) {
          throw error;
        }
        problem = error.message;
      }
    }
    const back = referer ? new URL(referer, 'http://local').search : '';
    if (!problem) {
      const params = new URLSearchParams(back);
      params.delete('created');
      params.set('saved', '1');
      return { url: `/admin/users?${params.toString()}` };
    }
    const model = await this.model(Object.fromEntries(new URLSearchParams(back)), admin);
    throw new ShowPage(LIST, { ...model, formError: problem }, 409);
  }

  private async model(rawQuery: unknown, admin: UserPrincipal): Promise<Record<string, unknown>> {
    const created = (rawQuery as { created?: unknown }).created;
    const form = await parseForm(ListUsersQueryDto, {
      ...(rawQuery as object),
      limit: undefined,
      offset: undefined,
      page: undefined,
      saved: undefined,
      created: undefined,
      anonymised: undefined,
    });
    const q = form.ok ? form.value.q : undefined;
    const pageNumber = pageNumberOf((rawQuery as { page?: unknown }).page);
    const page = await this.users.list({ q, limit: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE });
    const link = (n: number): string =>
      `/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) }).toString()}`;
    return {
      title: 'Users',
      notice:
        typeof created === 'string'
          ? `Account ${created.slice(0, 254)} created.`
          : (rawQuery as { saved?: unknown }).saved
            ? 'Changes saved.'
            : (rawQuery as { anonymised?: unknown }).anonymised
              ? 'Account anonymised: its personal data is gone and it can no longer sign in; its records and certificates stay.'
              : undefined,
      newUser: { values: {}, fields: {}, roles: rolesChecked(['instructor']) },
      q,
      total: page.total,
      users: page.items.map((user) => ({
        ...toUserDto(user),
        isSelf: user.id === admin.userId,
        roleChoices: ROLES.map((role) => ({ role, checked: user.roles.includes(role) })),
      })),
      pagination: pagination(pageNumber, page.total, PAGE_SIZE, link),
    };
  }
}

/** The role checkboxes of the new-account form, ticked as submitted. */
function rolesChecked(submitted: unknown): { role: string; checked: boolean }[] {
  const chosen = submitted === undefined ? [] : ([] as unknown[]).concat(submitted);
  return ROLES.map((role) => ({ role, checked: chosen.includes(role) }));
}

/** The confirmation page of anonymising an account: what goes, what stays. */
function anonymiseModel(user: UserEntity, admin: UserPrincipal): Record<string, unknown> {
  return {
    title: user.anonymisedAt ? 'Account anonymised' : `Anonymise ${user.fullName}`,
    user: toUserDto(user),
    isSelf: user.id === admin.userId,
    anonymisedOn: user.anonymisedAt?.toISOString().slice(0, 10),
  };
}
