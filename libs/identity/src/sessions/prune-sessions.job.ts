import { Job } from '@academy/core';
import type { JobDefinition, JobReport } from '@academy/core';
import { SessionsService } from './sessions.service';

/** Deletes sessions nobody can use any more (expired, idle too long, or ended), every 15 minutes. */
@Job({ name: 'identity.prune-sessions', cron: '*/15 * * * *' })
export class PruneSessionsJob implements JobDefinition {
  constructor(private readonly sessions: SessionsService) {}

  async run(): Promise<JobReport> {
    return { deleted: await this.sessions.pruneDead() };
  }
}
