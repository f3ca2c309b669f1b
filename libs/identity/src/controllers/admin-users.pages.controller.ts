import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainError,
  FormWithFieldErrors,
  pagination,
  parseForm,
  renderPage,
  Roles,
  ROLES,
  UuidParam,
} from '@academy/core';
import { CurrentUser } from '../auth/current-principal.decorator';
import { UserPrincipal } from '../auth/principal';
import { CreateUserDto, ListUsersQueryDto, RolesDto } from '../dto/admin.dto';
import { toUserDto } from '../dto/user.dto';
import type { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';

const VIEWS = 'libs/identity/views';
const PAGE_SIZE = 20;

@ApiExcludeController()
@Controller('admin/users')
@Roles('admin')
export class AdminUsersPagesController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Render(`${VIEWS}/admin-users.hbs`)
  async list(@Query() query: unknown, @CurrentUser() admin: UserPrincipal): Promise<Record<string, unknown>> {
    return this.model(query, admin);
  }

  @Post()
  @FormWithFieldErrors()
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<void> {
    const raw = (body ?? {}) as Record<string, unknown>;
    const form = await parseForm(CreateUserDto, {
      ...raw,
      roles: raw.roles === undefined ? [] : ([] as unknown[]).concat(raw.roles),
    });
    let fields = form.ok ? {} : form.fields;
    if (form.ok) {
      try {
        const user = await this.users.createByAdmin(form.value);
        return reply.redirect(`/admin/users?created=${encodeURIComponent(user.email)}`, 303);
      } catch (error) {
        if (!(error instanceof DomainError) || !error.field) {
          throw error;
        }
        fields = { [error.field]: [error.message] };
      }
    }
    const model = await this.model({}, admin);
    await renderPage(
      request,
      reply,
      `${VIEWS}/admin-users.hbs`,
      { ...model, newUser: { values: { ...raw, password: '' }, fields, roles: rolesChecked(raw.roles) } },
      400,
    );
  }

  @Post(':id/roles')
  @FormWithFieldErrors()
  async setRoles(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<void> {
    const raw = (body as { roles?: unknown } | undefined)?.roles;
    const form = await parseForm(RolesDto, { roles: raw === undefined ? [] : ([] as unknown[]).concat(raw) });
    return this.act(
      request,
      reply,
      admin,
      form.ok ? () => this.users.setRoles(id, form.value.roles) : form.fields.roles?.join(' '),
    );
  }

  @Post(':id/disable')
  async disable(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<void> {
    return this.act(request, reply, admin, () => this.users.disable(id, admin.userId));
  }

  @Post(':id/enable')
  async enable(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<void> {
    return this.act(request, reply, admin, () => this.users.enable(id));
  }

  /** What anonymising will do, to confirm: a learner's deletion request. */
  @Get(':id/anonymise')
  async confirmAnonymise(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<void> {
    const user = await this.users.get(id);
    await renderPage(request, reply, `${VIEWS}/admin-user-anonymise.hbs`, anonymiseModel(user, admin));
  }

  @Post(':id/anonymise')
  async anonymise(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<void> {
    try {
      await this.users.anonymise(id, admin.userId);
      return reply.redirect('/admin/users?anonymised=1', 303);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      await renderPage(
        request,
        reply,
        `${VIEWS}/admin-user-anonymise.hbs`,
        { ...anonymiseModel(await this.users.get(id), admin), formError: error.message },
        error.status,
      );
    }
  }

  /** Runs an admin action and returns to the list, or shows the list with the problem. */
  private async act(
    request: FastifyRequest,
    reply: FastifyReply,
    admin: UserPrincipal,
    action: (() => Promise<unknown>) | string | undefined,
  ): Promise<void> {
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
    const back = request.headers.referer ? new URL(request.headers.referer, 'http://local').search : '';
    if (!problem) {
      const params = new URLSearchParams(back);
      params.delete('created');
      params.set('saved', '1');
      return reply.redirect(`/admin/users?${params.toString()}`, 303);
    }
    const model = await this.model(Object.fromEntries(new URLSearchParams(back)), admin);
    await renderPage(request, reply, `${VIEWS}/admin-users.hbs`, { ...model, formError: problem }, 409);
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
    const pageNumber = Math.max(1, Math.min(10_000, Number((rawQuery as { page?: unknown }).page) || 1));
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
