import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Database } from '@academy/core';
import { ApiKeyEntity } from './api-key.entity';
import { VerifierOrganisationEntity } from './verifier-organisation.entity';

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly db: Database) {}

  private get keys() {
    return this.db.repository(ApiKeyEntity);
  }

  private get organisations() {
    return this.db.repository(VerifierOrganisationEntity);
  }

  insertOrganisation(
    organisation: Omit<VerifierOrganisationEntity, 'id'>,
  ): Promise<VerifierOrganisationEntity> {
    return this.organisations.save(this.organisations.create(organisation));
  }

  findOrganisation(id: string): Promise<VerifierOrganisationEntity | null> {
    return this.organisations.findOneBy({ id });
  }

  findOrganisations(): Promise<VerifierOrganisationEntity[]> {
    return this.organisations.find({ order: { name: 'ASC' } });
  }

  insertKey(key: Omit<ApiKeyEntity, 'id'>): Promise<ApiKeyEntity> {
    return this.keys.save(this.keys.create(key));
  }

  findKeysOfOrganisation(organisationId: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: { organisationId }, order: { createdAt: 'DESC' } });
  }

  findKey(id: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ id });
  }

  findLiveKeyBySecretHash(secretHash: Buffer): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ secretHash, revokedAt: IsNull() });
  }

  async revokeKey(id: string, now: Date): Promise<boolean> {
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: now });
    return (result.affected ?? 0) > 0;
  }

  async touchKey(id: string, now: Date): Promise<void> {
    await this.keys.update({ id }, { lastUsedAt: now });
  }
}
