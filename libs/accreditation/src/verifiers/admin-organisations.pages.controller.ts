import { Body, Controller, Get, Header, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  AfterPost,
  formProblem,
  FormWithFieldErrors,
  Page,
  pageNumberOf,
  parseForm,
  Roles,
  ShowPage,
  UuidParam,
} from '@academy/core';
import type { FormProblem, SeeOther } from '@academy/core';
import {
  ApiKeysService,
  IdentityError,
  IdentityErrorCode,
  namesInWords,
  UsersService,
} from '@academy/identity';
import {
  ApiKeyForm,
  KeyManagerForm,
  MemberForm,
  OrganisationForm,
  VerifierAccountForm,
} from './dto/organisation-forms.dto';
import { VerifierActivityService } from './verifier-activity.service';
import { paginationOf, verificationRow } from './verification-words';

const VIEWS = 'libs/accreditation/views';
const DETAIL = `${VIEWS}/admin-organisation.hbs`;
const MANAGER = `${VIEWS}/admin-organisation-manager.hbs`;
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
  manager_added: "The person now manages the organisation's API keys.",
  manager_removed: "The person no longer manages the organisation's API keys; they still see them.",
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
function backToOrganisation(id: string, done: keyof typeof DONE): SeeOther {
  return { url: `/admin/organisations/${id}?done=${done}` };
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
  @Page(`${VIEWS}/admin-organisations.hbs`)
  async list(): Promise<Model> {
    return this.listModel();
  }

  @Post()
  @FormWithFieldErrors()
  @AfterPost()
  async create(@Body() body: unknown): Promise<SeeOther> {
    const created = await submit(OrganisationForm, body, 'name', (form) =>
      this.apiKeys.createOrganisation(form.name),
    );
    if (created.ok) {
      return backToOrganisation(created.result.id, 'created');
    }
    throw new ShowPage(`${VIEWS}/admin-organisations.hbs`, { ...(await this.listModel()), ...created.form });
  }

  @Get(':id')
  @Page(DETAIL)
  async show(@UuidParam('id') id: string, @Query() query: Record<string, unknown>): Promise<Model> {
    const done = typeof query.done === 'string' ? DONE[query.done] : undefined;
    return this.detailModel(id, { page: pageNumberOf(query.page), notice: done });
  }

  /** A new key: shown on this answer only (never in a URL, never stored), so not a redirect. */
  @Post(':id/api-keys')
  @FormWithFieldErrors()
  @Header('cache-control', 'no-store')
  @HttpCode(HttpStatus.OK)
  @Page(DETAIL)
  async createKey(@UuidParam('id') id: string, @Body() body: unknown): Promise<Model> {
    const form = await parseForm(ApiKeyForm, body);
    if (!form.ok) {
      throw await this.detailPage(id, { keyForm: { values: form.values, fields: form.fields } });
    }
    const created = await this.apiKeys.createKey(id, form.value.name);
    return this.detailModel(id, { createdKey: { name: created.entity.name, key: created.key } });
  }

  @Post(':id/api-keys/:keyId/revoke')
  @AfterPost()
  async revokeKey(@UuidParam('id') id: string, @UuidParam('keyId') keyId: string): Promise<SeeOther> {
    await this.apiKeys.revokeKey(keyId, id);
    return backToOrganisation(id, 'key_revoked');
  }

  /** An existing account joins the organisation. */
  @Post(':id/members')
  @FormWithFieldErrors()
  @AfterPost()
  async addMember(@UuidParam('id') id: string, @Body() body: unknown): Promise<SeeOther> {
    await this.apiKeys.getOrganisation(id);
    const joined = await submit(MemberForm, body, 'email', (form) =>
      this.users.joinOrganisation(id, form.email),
    );
    if (joined.ok) {
      return backToOrganisation(id, 'member_added');
    }
    throw await this.detailPage(id, { memberForm: joined.form });
  }

  /** A new account for a person of the organisation, with the verifier role. */
  @Post(':id/accounts')
  @FormWithFieldErrors()
  @AfterPost()
  async createAccount(@UuidParam('id') id: string, @Body() body: unknown): Promise<SeeOther> {
    await this.apiKeys.getOrganisation(id);
    const created = await submit(VerifierAccountForm, body, 'email', (form) =>
      this.users.createByAdmin({ ...form, roles: ['verifier'], organisationId: id }),
    );
    if (created.ok) {
      return backToOrganisation(id, 'account_created');
    }
    throw await this.detailPage(id, { accountForm: created.form });
  }

  @Post(':id/members/:userId/remove')
  @AfterPost()
  async removeMember(@UuidParam('id') id: string, @UuidParam('userId') userId: string): Promise<SeeOther> {
    await this.users.leaveOrganisation(id, userId);
    return backToOrganisation(id, 'member_removed');
  }

  /** The confirmation, in words, of making a member a key manager or no longer one. */
  @Get(':id/members/:userId/manager')
  @Page(MANAGER)
  async confirmManager(@UuidParam('id') id: string, @UuidParam('userId') userId: string): Promise<Model> {
    return this.managerModel(id, userId);
  }

  @Post(':id/members/:userId/manager')
  @FormWithFieldErrors()
  @AfterPost()
  async setManager(
    @UuidParam('id') id: string,
    @UuidParam('userId') userId: string,
    @Body() body: unknown,
  ): Promise<SeeOther> {
    await this.apiKeys.getOrganisation(id);
    const form = await parseForm(KeyManagerForm, body);
    let problem: FormProblem;
    if (form.ok) {
      try {
        const member = await this.users.setOrganisationManager(id, userId, form.value.manager === 'yes');
        return backToOrganisation(id, member.organisationManager ? 'manager_added' : 'manager_removed');
      } catch (error) {
        problem = formProblem(error);
      }
    } else {
      problem = { message: Object.values(form.fields).flat().join(' '), fields: form.fields, status: 400 };
    }
    // The form is one button: its problem is said above it, on the confirmation again.
    throw new ShowPage(
      MANAGER,
      { ...(await this.managerModel(id, userId)), formError: problem.message },
      problem.status,
    );
  }

  private async managerModel(id: string, userId: string): Promise<Model> {
    const [organisation, members] = await Promise.all([
      this.apiKeys.getOrganisation(id),
      this.users.membersOf(id),
    ]);
    const member = members.find((candidate) => candidate.id === userId);
    if (!member) {
      throw new IdentityError(
        IdentityErrorCode.USER_NOT_FOUND,
        `This account is not a member of ${organisation.name}.`,
      );
    }
    const making = !member.organisationManager;
    const others = members
      .filter((other) => other.id !== userId && other.organisationManager && other.disabledAt === null)
      .map((other) => other.fullName);
    const them = namesInWords(others);
    return {
      title: making ? `Make ${member.fullName} a key manager?` : `Stop ${member.fullName} managing keys?`,
      organisation: { id, name: organisation.name },
      member: { id: member.id, fullName: member.fullName, verifier: member.roles.includes('verifier') },
      making,
      othersNow:
        others.length === 0
          ? 'Nobody else manages its keys.'
          : `${them} ${others.length === 1 ? 'manages' : 'manage'} its keys too, and will go on doing so.`,
      othersAfter:
        others.length === 0
          ? 'Nobody will manage its keys then: its people can only ask the academy for keys until you make someone a key manager.'
          : `Its keys stay managed by ${them}.`,
    };
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

  /** The organisation page again with a form's problems, as a 400. */
  private async detailPage(id: string, state: DetailState): Promise<ShowPage> {
    return new ShowPage(DETAIL, await this.detailModel(id, state), 400);
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
        manager: member.organisationManager,
      })),
      checks: { total: checks.total, rows: checks.items.map(verificationRow) },
      pagination: paginationOf(`/admin/organisations/${id}`, page, checks.total, PAGE_SIZE),
      keyForm: form(state.keyForm),
      memberForm: form(state.memberForm),
      accountForm: form(state.accountForm),
    };
  }
}
