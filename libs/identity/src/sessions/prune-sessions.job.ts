import { Injectable, Logger } from '@nestjs/common';
import type { JobDefinition } from '@academy/core';
import { SessionsService } from './sessions.service';

/** Deletes sessions nobody can use any more (expired, idle too long, or ended), every 15 minutes. */
@Injectable()
export class PruneSessionsJob implements JobDefinition {
  readonly name = 'identity.prune-sessions';
  readonly cron = '*/15 * * * *';
  private readonly logger = new Logger(PruneSessionsJob.name);

  constructor(private readonly sessions: SessionsService) {}

  async run(): Promise<void> {
    const deleted = await this.sessions.pruneDead();
    this.logger.log({ deleted }, 'Pruned dead sessions');
  }
}
