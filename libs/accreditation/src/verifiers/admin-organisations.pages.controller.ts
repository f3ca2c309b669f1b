import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formProblem, FormWithFieldErrors, parseForm, renderPage, Roles, UuidParam } from '@academy/core';
import { ApiKeysService, UsersService } from '@academy/identity';
import { ApiKeyForm, MemberForm, OrganisationForm, VerifierAccountForm } from './dto/organisation-forms.dto';
import { VerifierActivityService } from './verifier-activity.service';
import { pageNumber, pagination, verificationRow } from './verification-words';

const VIEWS = 'libs/accreditation/views';
const PAGE_SIZE = 20;

type Model = Record<string, unknown>;
type Fields = Record<string, string[]>;

const DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayOf = (date: Date | null): string | null => (date ? DAY.format(date) : null);

const DONE: Record<string, string> = {
  created: 'Organisation created. Add its API keys and its people below.',
  key_revoked: 'API key revoked: it no longer works.',
  member_added: 'Account added to the organisation with the verifier role.',
  member_removed: 'Account taken out of the organisation; its past checks stay attributed.',
  account_created: 'Verifier account created. Share the first password with the person.',
};

/** The state of one form on the organisation page after a problem. */
interface FormState {
  values?: Record<string, unknown>;
  fields?: Fields;
}

/** A refusal as field problems of a form: next to its own field, or next to `field`. */
function problemsOf(error: unknown, field: string): Fields {
  const problem = formProblem(error);
  return problem.formError === undefined ? problem.fields : { [field]: [problem.formError] };
}

/**
 * Verifier organisations for admins: create one for an accreditation body, give it API keys
 * (each shown once), put its people in it, and see every check it made.
 */
@ApiExcludeController()
@Controller('admin/organisations')
@Roles('admin')
export class AdminOrganisationsPagesController {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
    private readonly activity: VerifierActivityService,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return renderPage(request, reply, `${VIEWS}/admin-organisations.hbs`, await this.listModel());
  }

  @Post()
  @FormWithFieldErrors()
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<void> {
    const form = await parseForm(OrganisationForm, body);
    let fields: Fields = form.ok ? {} : form.fields;
    if (form.ok) {
      try {
        const organisation = await this.apiKeys.createOrganisation(form.value.name);
        return reply.redirect(`/admin/organisations/${organisation.id}?done=created`, 303);
      } catch (error) {
        fields = problemsOf(error, 'name');
      }
    }
    return renderPage(
      request,
      reply,
      `${VIEWS}/admin-organisations.hbs`,
      { ...(await this.listModel()), values: form.ok ? form.value : form.values, fields },
      400,
    );
  }

  @Get(':id')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const done = typeof query.done === 'string' ? DONE[query.done] : undefined;
    return renderPage(
      request,
      reply,
      `${VIEWS}/admin-organisation.hbs`,
      await this.detailModel(id, { page: pageNumber(query.page), notice: done }),
    );
  }

  /** A new key: shown on this answer only (never in a URL, never stored), so not a redirect. */
  @Post(':id/api-keys')
  @FormWithFieldErrors()
  async createKey(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Body() body: unknown,
  ): Promise<void> {
    const form = await parseForm(ApiKeyForm, body);
    if (!form.ok) {
      return renderPage(
        request,
        reply,
        `${VIEWS}/admin-organisation.hbs`,
        await this.detailModel(id, { keyForm: { values: form.values, fields: form.fields } }),
        400,
      );
    }
    const created = await this.apiKeys.createKey(id, form.value.name);
    reply.header('cache-control', 'no-store');
    return renderPage(
      request,
      reply,
      `${VIEWS}/admin-organisation.hbs`,
      await this.detailModel(id, { createdKey: { name: created.entity.name, key: created.key } }),
    );
  }

  @Post(':id/api-keys/:keyId/revoke')
  async revokeKey(
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('keyId') keyId: string,
  ): Promise<void> {
    await this.apiKeys.revokeKey(keyId, id);
    return reply.redirect(`/admin/organisations/${id}?done=key_revoked`, 303);
  }

  /** An existing account joins the organisation. */
  @Post(':id/members')
  @FormWithFieldErrors()
  async addMember(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Body() body: unknown,
  ): Promise<void> {
    await this.apiKeys.getOrganisation(id);
    const form = await parseForm(MemberForm, body);
    let fields: Fields = form.ok ? {} : form.fields;
    if (form.ok) {
      try {
        await this.users.joinOrganisation(id, form.value.email);
        return reply.redirect(`/admin/organisations/${id}?done=member_added`, 303);
      } catch (error) {
        fields = problemsOf(error, 'email');
      }
    }
    const values: Record<string, unknown> = form.ok ? { ...form.value } : form.values;
    return renderPage(
      request,
      reply,
      `${VIEWS}/admin-organisation.hbs`,
      await this.detailModel(id, { memberForm: { values, fields } }),
      400,
    );
  }

  /** A new account for a person of the organisation, with the verifier role. */
  @Post(':id/accounts')
  @FormWithFieldErrors()
  async createAccount(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Body() body: unknown,
  ): Promise<void> {
    await this.apiKeys.getOrganisation(id);
    const form = await parseForm(VerifierAccountForm, body);
    let fields: Fields = form.ok ? {} : form.fields;
    if (form.ok) {
      try {
        await this.users.createByAdmin({ ...form.value, roles: ['verifier'], organisationId: id });
        return reply.redirect(`/admin/organisations/${id}?done=account_created`, 303);
      } catch (error) {
        fields = problemsOf(error, 'email');
      }
    }
    // The password is never sent back into the page.
    const values: Record<string, unknown> = { ...(form.ok ? form.value : form.values), password: undefined };
    return renderPage(
      request,
      reply,
      `${VIEWS}/admin-organisation.hbs`,
      await this.detailModel(id, { accountForm: { values, fields } }),
      400,
    );
  }

  @Post(':id/members/:userId/remove')
  async removeMember(
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('userId') userId: string,
  ): Promise<void> {
    await this.users.leaveOrganisation(id, userId);
    return reply.redirect(`/admin/organisations/${id}?done=member_removed`, 303);
  }

  private async listModel(): Promise<Model> {
    const organisations = await this.apiKeys.listOrganisations();
    return {
      title: 'Verifier organisations',
      organisations: organisations.map((organisation) => ({
        id: organisation.id,
        name: organisation.name,
        created: dayOf(organisation.createdAt),
      })),
      values: {},
      fields: {},
    };
  }

  private async detailModel(
    id: string,
    state: {
      page?: number;
      notice?: string;
      createdKey?: { name: string; key: string };
      keyForm?: FormState;
      memberForm?: FormState;
      accountForm?: FormState;
    },
  ): Promise<Model> {
    const page = state.page ?? 1;
    const [organisation, keys, members, checks] = await Promise.all([
      this.apiKeys.getOrganisation(id),
      this.apiKeys.listKeys(id),
      this.users.membersOf(id),
      this.activity.verificationsOf(id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    ]);
    const form = (formState: FormState | undefined) => ({
      values: formState?.values ?? {},
      fields: formState?.fields ?? {},
    });
    return {
      title: organisation.name,
      notice: state.notice,
      organisation: { id: organisation.id, name: organisation.name, created: dayOf(organisation.createdAt) },
      createdKey: state.createdKey,
      keys: keys.map((key) => ({
        id: key.id,
        name: key.name,
        prefix: key.prefix,
        created: dayOf(key.createdAt),
        lastUsed: dayOf(key.lastUsedAt) ?? 'Never',
        revoked: dayOf(key.revokedAt),
      })),
      members: members.map((member) => ({
        id: member.id,
        fullName: member.fullName,
        email: member.email,
        verifier: member.roles.includes('verifier'),
        disabled: member.disabledAt !== null,
      })),
      checks: { total: checks.total, rows: checks.items.map(verificationRow) },
      pagination: pagination(`/admin/organisations/${id}`, page, checks.total, PAGE_SIZE),
      keyForm: form(state.keyForm),
      memberForm: form(state.memberForm),
      accountForm: form(state.accountForm),
    };
  }
}
