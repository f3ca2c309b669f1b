import { pagination } from '@academy/core';
import type { Pagination } from '@academy/core';
import type { OrganisationVerification } from './organisation-verifications.repository';

const RESULTS: Record<string, { label: string; tone: 'valid' | 'problem' | 'neutral' }> = {
  valid: { label: 'Valid', tone: 'valid' },
  revoked: { label: 'Revoked', tone: 'problem' },
  suspended: { label: 'Suspended', tone: 'problem' },
  expired: { label: 'Expired', tone: 'problem' },
  unknown: { label: 'Not found', tone: 'neutral' },
};

const CHANNELS: Record<string, string> = {
  api: 'API',
  page: 'Verification page',
  bulk: 'Bulk check',
  upload: 'Uploaded file',
};

export interface VerificationRow {
  at: Date;
  number: string;
  result: string;
  tone: 'valid' | 'problem' | 'neutral';
  channel: string;
  by: string;
}

/** A recorded check as a table row a person reads (its time said in the reader's words by the page). */
export function verificationRow(check: OrganisationVerification): VerificationRow {
  const result = RESULTS[check.result] ?? { label: check.result, tone: 'neutral' };
  return {
    at: check.at,
    number: check.number,
    result: result.label,
    tone: result.tone,
    channel: CHANNELS[check.channel] ?? check.channel,
    by: check.userName ?? (check.apiKeyName ? `API key “${check.apiKeyName}”` : '–'),
  };
}

/** Previous/next links of a paginated list at `base` (which may carry a query already). */
export function paginationOf(base: string, page: number, total: number, size: number): Pagination {
  return pagination(page, total, size, (n) => `${base}${base.includes('?') ? '&' : '?'}page=${n}`);
}
