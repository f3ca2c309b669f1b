import { Injectable } from '@nestjs/common';
import { AuditService, Clock, Database, pgConstraint, RequestContext } from '@academy/core';
import { ApiKeyPrincipal } from '../auth/principal';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { hashToken, newSecretToken } from '../sessions/secret-token';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { VerifierOrganisationEntity } from './verifier-organisation.entity';

/** Every key starts with this, so leaked keys are easy to recognise and scan for. */
export const API_KEY_PREFIX = 'rak_';
const TOUCH_INTERVAL_MS = 60_000;

/** Verifier organisations and their long-lived API keys, scoped to verification. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: Database,
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
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
    return this.db.withTransaction(async () => {
      const entity = await this.keys.insertKey({
        organisationId,
        name,
        prefix: key.slice(0, API_KEY_PREFIX.length + 6),
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
    });
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

  /** The organisation behind a live key, or null for an unknown or revoked key. */
  async authenticate(key: string): Promise<ApiKeyPrincipal | null> {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) {
      return null;
    }
    const entity = await this.keys.findLiveKeyBySecretHash(hashToken(key));
    if (!entity) {
      return null;
    }
    const now = this.clock.now();
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
}
