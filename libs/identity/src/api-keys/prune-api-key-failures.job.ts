import { Job } from '@academy/core';
import type { JobDefinition, JobReport } from '@academy/core';
import { ApiKeysService } from './api-keys.service';

/**
 * Daily: forgets refused uses of API keys older than `API_KEY_FAILURE_RETENTION_DAYS` (their
 * addresses are personal data, and a manager looks at the recent ones).
 */
@Job({ name: 'identity.prune-api-key-failures', cron: '40 3 * * *' })
export class PruneApiKeyFailuresJob implements JobDefinition {
  constructor(private readonly apiKeys: ApiKeysService) {}

  async run(): Promise<JobReport> {
    return { deleted: await this.apiKeys.pruneOldFailures() };
  }
}
