import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formProblem, FormWithFieldErrors, parseForm, renderPage, Roles, UuidParam } from '@academy/core';
import { ApiKeysService, UsersService } from '@academy/identity';
import { ApiKeyForm, MemberForm, OrganisationForm, VerifierAccountForm } from './dto/organisation-forms.dto';
import { VerifierActivityService } from './verifier-activity.service';
import { pageNumber, paginationOf, verificationRow } from './verification-words';

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

/** What the organisation page shows besides the organisation: a notice, a new key, a form's problems. */
interface DetailState {
  page?: number;
  notice?: string;
  createdKey?: { name: string; key: string };
  keyForm?: FormState;
  memberForm?: FormState;
  accountForm?: FormState;
}

/** A form sent: what its action answered, or the form to show again with its problems. */
type Submission<R> = { ok: true; result: R } | { ok: false; form: Required<FormState> };

/** A refusal as field problems of a form: next to its own field, or next to `field`. */
function problemsOf(error: unknown, field: string): Fields {
  const problem = formProblem(error);
  return problem.formError === undefined ? problem.fields : { [field]: [problem.formError] };
}

/**
 * Parses a form and runs `action` on it when it is valid. A refusal of the action is shown next
 * to its own field, or next to `field`; what was typed goes back into the form, but never a password.
 */
async function submit<T extends object, R>(
  dto: new () => T,
  body: unknown,
  field: string,
  action: (value: T) => Promise<R>,
): Promise<Submission<R>> {
  const form = await parseForm(dto, body);
  let fields: Fields = form.ok ? {} : form.fields;
  if (form.ok) {
    try {
      return { ok: true, result: await action(form.value) };
    } catch (error) {
      fields = problemsOf(error, field);
    }
  }
  return {
    ok: false,
    form: { values: { ...(form.ok ? form.value : form.values), password: undefined }, fields },
  };
}

/** Back to an organisation's page, which says what was done (see `DONE`). */
function backToOrganisation(reply: FastifyReply, id: string, done: string): FastifyReply {
  return reply.redirect(`/admin/organisations/${id}?done=${done}`, 303);
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
    const created = await submit(OrganisationForm, body, 'name', (form) =>
      this.apiKeys.createOrganisation(form.name),
    );
    if (created.ok) {
      return backToOrganisation(reply, created.result.id, 'created');
    }
    const model = { ...(await this.listModel()), ...created.form };
    return renderPage(request, reply, `${VIEWS}/admin-organisations.hbs`, model, 400);
  }

  @Get(':id')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const done = typeof query.done === 'string' ? DONE[query.done] : undefined;
    return this.renderDetail(request, reply, id, { page: pageNumber(query.page), notice: done });
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
      return this.renderDetail(
        request,
        reply,
        id,
        { keyForm: { values: form.values, fields: form.fields } },
        400,
      );
    }
    const created = await this.apiKeys.createKey(id, form.value.name);
    reply.header('cache-control', 'no-store');
    return this.renderDetail(request, reply, id, {
      createdKey: { name: created.entity.name, key: created.key },
    });
  }

  @Post(':id/api-keys/:keyId/revoke')
  async revokeKey(
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('keyId') keyId: string,
  ): Promise<void> {
    await this.apiKeys.revokeKey(keyId, id);
    return backToOrganisation(reply, id, 'key_revoked');
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
    const joined = await submit(MemberForm, body, 'email', (form) =>
      this.users.joinOrganisation(id, form.email),
    );
    if (joined.ok) {
      return backToOrganisation(reply, id, 'member_added');
    }
    return this.renderDetail(request, reply, id, { memberForm: joined.form }, 400);
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
    const created = await submit(VerifierAccountForm, body, 'email', (form) =>
      this.users.createByAdmin({ ...form, roles: ['verifier'], organisationId: id }),
    );
    if (created.ok) {
      return backToOrganisation(reply, id, 'account_created');
    }
    return this.renderDetail(request, reply, id, { accountForm: created.form }, 400);
  }

  @Post(':id/members/:userId/remove')
  async removeMember(
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('userId') userId: string,
  ): Promise<void> {
    await this.users.leaveOrganisation(id, userId);
    return backToOrganisation(reply, id, 'member_removed');
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

  private async renderDetail(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: DetailState,
    status = 200,
  ): Promise<void> {
    return renderPage(
      request,
      reply,
      `${VIEWS}/admin-organisation.hbs`,
      await this.detailModel(id, state),
      status,
    );
  }

  private async detailModel(id: string, state: DetailState): Promise<Model> {
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
      pagination: paginationOf(`/admin/organisations/${id}`, page, checks.total, PAGE_SIZE),
      keyForm: form(state.keyForm),
      memberForm: form(state.memberForm),
      accountForm: form(state.accountForm),
    };
  }
}
