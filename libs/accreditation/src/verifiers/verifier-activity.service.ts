import { Injectable } from '@nestjs/common';
import type { Reader } from '@academy/core';
import { ApiKeysService } from '@academy/identity';
import type { ReportTable } from '../reports/csv';
import { verificationRow } from './verification-words';
import {
  OrganisationVerification,
  OrganisationVerificationsRepository,
} from './organisation-verifications.repository';

/** The most checks one CSV export holds (the newest). */
export const EXPORT_LIMIT = 10_000;

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

  /** An organisation's latest checks (at most `EXPORT_LIMIT`), newest first, as a table for a spreadsheet. */
  async verificationsTable(organisationId: string, reader: Reader): Promise<ReportTable> {
    const found = await this.verifications.verificationsOfOrganisation(organisationId, {
      limit: EXPORT_LIMIT,
      offset: 0,
    });
    const at = new Intl.DateTimeFormat('sv-SE', {
      timeZone: reader.zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    return {
      columns: [`checked at (${reader.zone})`, 'certificate number', 'result', 'how', 'by'],
      rows: found.items.map((check) => {
        const row = verificationRow(check);
        return [at.format(check.at), check.number, row.result, row.channel, row.by];
      }),
    };
  }
}
