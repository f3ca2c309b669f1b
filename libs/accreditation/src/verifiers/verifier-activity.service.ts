import { Injectable } from '@nestjs/common';
import { ApiKeysService } from '@academy/identity';
import {
  OrganisationVerification,
  OrganisationVerificationsRepository,
} from './organisation-verifications.repository';

/** An organisation's checks, one page of them, newest first. */
export interface VerificationsPage {
  organisation: { id: string; name: string } | null;
  items: OrganisationVerification[];
  total: number;
}

/**
 * What verifier organisations did: every check made with one of their API keys or by one of
 * their signed-in users is attributed to them.
 */
@Injectable()
export class VerifierActivityService {
  constructor(
    private readonly verifications: OrganisationVerificationsRepository,
    private readonly apiKeys: ApiKeysService,
  ) {}

  /** One page of an organisation's checks; a user outside any organisation (null) has none. */
  async verificationsOf(
    organisationId: string | null,
    page: { limit: number; offset: number },
  ): Promise<VerificationsPage> {
    if (!organisationId) {
      return { organisation: null, items: [], total: 0 };
    }
    const [organisation, found] = await Promise.all([
      this.apiKeys.getOrganisation(organisationId),
      this.verifications.verificationsOfOrganisation(organisationId, page),
    ]);
    return { organisation: { id: organisation.id, name: organisation.name }, ...found };
  }
}
