import { Body, Controller, Get, Header, HttpCode, HttpStatus, Post, Query, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AfterPost, FormWithFieldErrors, Page, parseForm, Roles, ShowPage, UuidParam } from '@academy/core';
import type { SeeOther } from '@academy/core';
import {
  ApiKeysService,
  CurrentUser,
  keyManagersInWords,
  managedOrganisation,
  namesInWords,
  UserPrincipal,
} from '@academy/identity';
import type { ApiKeyFailureReason } from '@academy/identity';
import { ApiKeyForm } from './dto/organisation-forms.dto';

const VIEW = 'libs/accreditation/views/verifier-api-keys.hbs';

type Model = Record<string, unknown>;

const FAILURE_WORDS: Record<ApiKeyFailureReason, string> = {
  malformed: 'Not shaped like a key',
  unknown: 'Wrong key (its first characters match one of yours)',
  revoked: 'Revoked key still in use',
};

/** What the keys page shows besides the keys: a notice, a new key, the form's problems. */
interface KeysState {
  notice?: string;
  createdKey?: { name: string; key: string };
  form?: { values: Record<string, unknown>; fields: Record<string, string[]> };
}

/**
 * A verifier organisation's own API keys, for its people. Its key managers create one (its secret
 * shown once), see when each was last used, revoke one, and see refused uses of wrong or revoked
 * keys; the other members see the keys read-only, and who manages them.
 */
@ApiExcludeController()
@Controller('verifier')
@Roles('verifier')
export class VerifierKeysPagesController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** The singular address people guess leads to the page. */
  @Get('api-key')
  @Redirect('/verifier/api-keys', 303)
  singular(): void {}

  @Get('api-keys')
  @Page(VIEW)
  async list(@CurrentUser() user: UserPrincipal, @Query('done') done: unknown): Promise<Model> {
    return this.model(user, {
      notice: done === 'revoked' ? 'API key revoked: it no longer works.' : undefined,
    });
  }

  /** A new key: shown on this answer only (never in a URL, never stored), so not a redirect. */
  @Post('api-keys')
  @FormWithFieldErrors()
  @Header('cache-control', 'no-store')
  @HttpCode(HttpStatus.OK)
  @Page(VIEW)
  async create(@CurrentUser() user: UserPrincipal, @Body() body: unknown): Promise<Model> {
    managedOrganisation(user);
    const form = await parseForm(ApiKeyForm, body);
    if (!form.ok) {
      throw new ShowPage(
        VIEW,
        await this.model(user, { form: { values: form.values, fields: form.fields } }),
        400,
      );
    }
    const created = await this.apiKeys.createKeyAsMember(user.userId, form.value.name);
    return this.model(user, { createdKey: { name: created.entity.name, key: created.key } });
  }

  @Post('api-keys/:keyId/revoke')
  @AfterPost()
  async revoke(@CurrentUser() user: UserPrincipal, @UuidParam('keyId') keyId: string): Promise<SeeOther> {
    await this.apiKeys.revokeKeyAsMember(user.userId, keyId);
    return { url: '/verifier/api-keys?done=revoked' };
  }

  private async model(user: UserPrincipal, state: KeysState): Promise<Model> {
    if (!user.organisationId) {
      return { title: 'API keys', organisation: null, form: { values: {}, fields: {} } };
    }
    const [organisation, keys, management] = await Promise.all([
      this.apiKeys.getOrganisation(user.organisationId),
      this.apiKeys.listKeys(user.organisationId),
      this.apiKeys.keyManagement(user.userId, user.organisationId),
    ]);
    // Refused uses are for the key managers' eyes only.
    const failures = management.manager ? await this.apiKeys.recentFailures(user.organisationId) : [];
    const otherManagers = management.managers
      .filter((manager) => manager.id !== user.userId)
      .map((manager) => manager.fullName);
    return {
      title: `API keys of ${organisation.name}`,
      organisation: { name: organisation.name },
      manager: management.manager,
      managedBy: management.manager
        ? otherManagers.length > 0
          ? `You manage these keys together with ${namesInWords(otherManagers)}.`
          : undefined
        : keyManagersInWords(management.managers.map((manager) => manager.fullName)),
      notice: state.notice,
      createdKey: state.createdKey,
      keys: keys.map((key) => ({
        id: key.id,
        name: key.name,
        prefix: key.prefix,
        createdAt: key.createdAt,
        lastUsedAt: key.lastUsedAt,
        revokedAt: key.revokedAt,
      })),
      failures: failures.map((failure) => ({
        at: failure.at,
        reason: FAILURE_WORDS[failure.reason],
        prefix: failure.prefix,
        keyName: failure.keyName,
        ip: failure.ip,
      })),
      form: state.form ?? { values: {}, fields: {} },
    };
  }
}
