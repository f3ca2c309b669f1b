import { Injectable } from '@nestjs/common';
import { AuditService, Clock, Database, pgConstraint, RequestContext, toStorableText } from '@academy/core';
import { LoginThrottleService } from '../auth/login-throttle.service';
import { ApiKeyPrincipal } from '../auth/principal';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { hashToken, newSecretToken } from '../sessions/secret-token';
import { UserRepository } from '../users/user.repository';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyFailure, ApiKeyFailureReason, ApiKeyRepository } from './api-key.repository';
import { keyManagersInWords } from './key-managers-words';
import { VerifierOrganisationEntity } from './verifier-organisation.entity';

/** Every key starts with this, so leaked keys are easy to recognise and scan for. */
export const API_KEY_PREFIX = 'rak_';
const TOUCH_INTERVAL_MS = 60_000;
/** The characters kept to tell keys apart: `rak_` and six of the secret. */
const PREFIX_LENGTH = API_KEY_PREFIX.length + 6;
/** A key as `createKey` makes it: the prefix, then 32 random bytes in base64url. */
const WELL_FORMED_KEY = /^rak_[A-Za-z0-9_-]{43}$/;
/** How long a refused use of a key is kept, in days (then the daily prune job deletes it). */
export const API_KEY_FAILURE_RETENTION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
/** How many refused uses an organisation's key page lists. */
export const RECENT_FAILURES = 20;

/** Why a key is refused, in words for the person who set up the calling system. */
const REFUSED: Record<ApiKeyFailureReason, string> = {
  malformed:
    'This is not an API key of the academy: a key is rak_ followed by 43 letters, digits, dashes or underscores. Check that it was copied whole.',
  unknown:
    'This API key is not known to the academy. Check that it was copied whole, or ask your organisation for a new key.',
  revoked: 'This API key has been revoked and no longer works. Ask your organisation for a new key.',
};

/** Verifier organisations and their long-lived API keys, scoped to verification. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: Database,
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly throttle: LoginThrottleService,
    private readonly users: UserRepository,
  ) {}

  async createOrganisation(name: string): Promise<VerifierOrganisationEntity> {
    try {
      return await this.db.withTransaction(async () => {
        const organisation = await this.keys.insertOrganisation({ name, createdAt: this.clock.now() });
        await this.audit.record({
          action: 'organisation.created',
          subjectType: 'organisation',
          subjectId: organisation.id,
          details: { name },
        });
        return organisation;
      });
    } catch (error) {
      if (pgConstraint(error) === 'verifier_organisation_name_key') {
        throw new IdentityError(
          IdentityErrorCode.ORGANISATION_NAME_TAKEN,
          'An organisation with this name already exists.',
          'name',
        );
      }
      throw error;
    }
  }

  listOrganisations(): Promise<VerifierOrganisationEntity[]> {
    return this.keys.findOrganisations();
  }

  async getOrganisation(id: string): Promise<VerifierOrganisationEntity> {
    const organisation = await this.keys.findOrganisation(id);
    if (!organisation) {
      throw new IdentityError(IdentityErrorCode.ORGANISATION_NOT_FOUND, 'No such verifier organisation.');
    }
    return organisation;
  }

  /** Creates a key; the returned `key` is the only time the secret exists outside its holder. */
  async createKey(organisationId: string, name: string): Promise<{ entity: ApiKeyEntity; key: string }> {
    await this.getOrganisation(organisationId);
    const key = newSecretToken(API_KEY_PREFIX);
    return this.db.withTransaction(() => this.insertKey(organisationId, name, key));
  }

  /**
   * A key created by a member of a verifier organisation, who must manage its keys; the
   * returned `key` is the only time the secret exists outside its holder.
   */
  async createKeyAsMember(userId: string, name: string): Promise<{ entity: ApiKeyEntity; key: string }> {
    const key = newSecretToken(API_KEY_PREFIX);
    return this.db.withTransaction(async () => {
      const organisationId = await this.managedBy(userId, 'create or revoke');
      return this.insertKey(organisationId, name, key);
    });
  }

  /** Revokes a key of the member's organisation at once; the member must manage its keys. */
  async revokeKeyAsMember(userId: string, keyId: string): Promise<ApiKeyEntity> {
    return this.db.withTransaction(async () => {
      return this.revokeKey(keyId, await this.managedBy(userId, 'create or revoke'));
    });
  }

  /** The latest refused uses of the keys of the member's organisation, for its key managers only. */
  async recentFailuresAsMember(userId: string): Promise<ApiKeyFailure[]> {
    return this.db.withTransaction(async () =>
      this.recentFailures(await this.managedBy(userId, 'see refused uses of')),
    );
  }

  /** Whether the member manages their organisation's keys, and who does (enabled managers, by name). */
  async keyManagement(
    userId: string,
    organisationId: string,
  ): Promise<{ manager: boolean; managers: { id: string; fullName: string }[] }> {
    const managers = await this.users.findManagersOfOrganisation(organisationId);
    return {
      manager: managers.some((manager) => manager.id === userId),
      managers: managers.map((manager) => ({ id: manager.id, fullName: manager.fullName })),
    };
  }

  /**
   * The organisation whose keys the member manages. Their row is held FOR SHARE until the
   * transaction ends, so a manager being taken off waits for a key being made, or is waited for.
   */
  private async managedBy(userId: string, what: string): Promise<string> {
    const user = await this.users.findByIdShared(userId);
    if (!user?.organisationId) {
      throw new IdentityError(
        IdentityErrorCode.NOT_IN_ORGANISATION,
        'Your account does not belong to a verifier organisation, so it has no API keys. Ask the academy to add you to your organisation.',
      );
    }
    if (!user.organisationManager || !user.roles.includes('verifier') || user.disabledAt) {
      const managers = await this.users.findManagersOfOrganisation(user.organisationId);
      throw new IdentityError(
        IdentityErrorCode.NOT_KEY_MANAGER,
        `Only your organisation's key managers can ${what} its API keys. ${keyManagersInWords(managers.map((manager) => manager.fullName))}`,
      );
    }
    return user.organisationId;
  }

  private async insertKey(
    organisationId: string,
    name: string,
    key: string,
  ): Promise<{ entity: ApiKeyEntity; key: string }> {
    const entity = await this.keys.insertKey({
      organisationId,
      name,
      prefix: key.slice(0, PREFIX_LENGTH),
      secretHash: hashToken(key),
      scopes: ['verify'],
      createdByUserId: RequestContext.current()?.actorUserId ?? null,
      createdAt: this.clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    });
    await this.audit.record({
      action: 'api_key.created',
      subjectType: 'api_key',
      subjectId: entity.id,
      details: { organisationId, name },
    });
    return { entity, key };
  }

  async listKeys(organisationId: string): Promise<ApiKeyEntity[]> {
    await this.getOrganisation(organisationId);
    return this.keys.findKeysOfOrganisation(organisationId);
  }

  /** Revokes a key at once; with `organisationId`, only a key of that organisation. */
  async revokeKey(keyId: string, organisationId?: string): Promise<ApiKeyEntity> {
    return this.db.withTransaction(async () => {
      const key = await this.keys.findKey(keyId);
      if (!key || (organisationId !== undefined && key.organisationId !== organisationId)) {
        throw new IdentityError(IdentityErrorCode.API_KEY_NOT_FOUND, 'No such API key.');
      }
      if (await this.keys.revokeKey(keyId, this.clock.now())) {
        await this.audit.record({
          action: 'api_key.revoked',
          subjectType: 'api_key',
          subjectId: keyId,
          details: { organisationId: key.organisationId },
        });
      }
      return (await this.keys.findKey(keyId))!;
    });
  }

  /**
   * The organisation behind a live key. A malformed, unknown or revoked key is refused (401) and
   * counted against the client address like a failed sign-in; a locked address is refused (429)
   * whatever its key. A good key costs one statement (and a touch at most once a minute).
   */
  async authenticate(key: string): Promise<ApiKeyPrincipal> {
    const now = this.clock.now();
    const ip = RequestContext.current()?.ip ?? null;
    const malformed = !WELL_FORMED_KEY.test(key);
    const found = await this.keys.findKeyForClient(
      malformed ? null : hashToken(key),
      ip ? `ip:${ip}` : null,
      now,
    );
    if (found.lockedUntil) {
      throw IdentityError.tooManyAttempts(
        Math.max(1, Math.ceil((found.lockedUntil.getTime() - now.getTime()) / 1000)),
        'failed sign-ins or wrong API keys from this address',
      );
    }
    const entity = found.key;
    if (entity && !entity.revokedAt) {
      if (!entity.lastUsedAt || now.getTime() - entity.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
        await this.keys.touchKey(entity.id, now);
      }
      return {
        kind: 'apiKey',
        apiKeyId: entity.id,
        organisationId: entity.organisationId,
        scopes: entity.scopes,
      };
    }
    const reason: ApiKeyFailureReason = malformed ? 'malformed' : entity ? 'revoked' : 'unknown';
    await this.keys.insertFailure({
      at: now,
      reason,
      prefix: toStorableText(key.slice(0, PREFIX_LENGTH)),
      keyId: entity?.id ?? null,
      ip,
    });
    await this.throttle.recordClientFailure(ip ?? undefined);
    throw new IdentityError(IdentityErrorCode.API_KEY_REFUSED, REFUSED[reason]);
  }

  /** The latest refused uses of an organisation's keys (revoked ones, or ones showing their prefix). */
  async recentFailures(organisationId: string): Promise<ApiKeyFailure[]> {
    await this.getOrganisation(organisationId);
    return this.keys.findFailuresOfOrganisation(organisationId, RECENT_FAILURES);
  }

  /** Deletes refused uses older than `API_KEY_FAILURE_RETENTION_DAYS`; answers how many. */
  pruneOldFailures(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - API_KEY_FAILURE_RETENTION_DAYS * DAY_MS);
    return this.keys.deleteFailuresBefore(cutoff);
  }
}
