import { Clock, Job } from '@academy/core';
import type { JobDefinition, JobReport } from '@academy/core';
import { TwoFactorRepository } from '../two-factor/two-factor.repository';
import { SessionsService } from './sessions.service';

/**
 * Every 15 minutes: deletes sessions nobody can use any more (expired, idle too long, or ended),
 * and sign-ins and passkey ceremonies that ended unfinished.
 */
@Job({ name: 'identity.prune-sessions', cron: '*/15 * * * *' })
export class PruneSessionsJob implements JobDefinition {
  constructor(
    private readonly sessions: SessionsService,
    private readonly factors: TwoFactorRepository,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<JobReport> {
    return {
      deleted: await this.sessions.pruneDead(),
      endedSignIns: await this.factors.pruneEnded(this.clock.now()),
    };
  }
}
