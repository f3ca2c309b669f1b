import { Injectable } from '@nestjs/common';
import type { JobDefinition } from '@academy/core';
import { LedgerService } from './ledger.service';

/**
 * Daily at 00:15 UTC: a signed checkpoint of the ledger's head, even when nothing was appended
 * (a dated statement that the history is still what it was).
 */
@Injectable()
export class LedgerCheckpointJob implements JobDefinition {
  readonly name = 'accreditation.ledger-checkpoint';
  readonly cron = '15 0 * * *';

  constructor(private readonly ledger: LedgerService) {}

  async run(): Promise<void> {
    await this.ledger.makeCheckpoint('daily');
  }
}
