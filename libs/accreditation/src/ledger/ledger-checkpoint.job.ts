import { Job } from '@academy/core';
import type { JobDefinition } from '@academy/core';
import { LedgerService } from './ledger.service';

/**
 * Daily at 00:15 UTC: a signed checkpoint of the ledger's head, even when nothing was appended
 * (a dated statement that the history is still what it was).
 */
@Job({ name: 'accreditation.ledger-checkpoint', cron: '15 0 * * *' })
export class LedgerCheckpointJob implements JobDefinition {
  constructor(private readonly ledger: LedgerService) {}

  async run(): Promise<void> {
    await this.ledger.makeCheckpoint('daily');
  }
}
