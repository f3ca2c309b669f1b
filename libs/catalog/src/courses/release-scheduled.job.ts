import { Job } from '@academy/core';
import type { JobDefinition, JobReport } from '@academy/core';
import { CoursesService } from './courses.service';

/** Every minute: opens the course versions whose release date has come in the academy's zone. */
@Job({ name: 'catalog.release-scheduled', cron: '* * * * *' })
export class ReleaseScheduledVersionsJob implements JobDefinition {
  constructor(private readonly courses: CoursesService) {}

  async run(): Promise<JobReport> {
    return { opened: await this.courses.releaseDue() };
  }
}
