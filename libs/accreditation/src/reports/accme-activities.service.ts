import { Injectable } from '@nestjs/common';
import { AuditService, Clock, Database, pgConstraint, RequestContext } from '@academy/core';
import { AccreditationError, AccreditationErrorCode } from '../accreditation-error';
import { AccmeActivity, AccmeActivityRepository } from './accme-activity.repository';
import { activityId } from './pars-export';
import { ReportRepository } from './report.repository';

const ID_TAKEN = 'accme_activity_accme_activity_id_key';
const NO_VERSION = 'accme_activity_course_version_id_fkey';

/**
 * The ACCME Activity ID that PARS assigns to each activity when the provider registers it: an
 * admin records it per course version (one PARS activity), and both batch files carry it.
 */
@Injectable()
export class AccmeActivitiesService {
  constructor(
    private readonly activities: AccmeActivityRepository,
    private readonly reports: ReportRepository,
    private readonly audit: AuditService,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the id for a published (or archived) course version, or replaces the one recorded,
   * audited as `accme_activity.recorded`; recording the same id again changes nothing. Not found
   * for a draft or an unknown version; a conflict when another version holds the id.
   */
  async record(courseVersionId: string, accmeActivityId: string): Promise<AccmeActivity> {
    const version = await this.reports.findExportedVersion(courseVersionId);
    if (!version) {
      throw notFound();
    }
    try {
      return await this.db.withTransaction(async () => {
        const recording = await this.activities.record(
          courseVersionId,
          accmeActivityId,
          this.clock.now(),
          RequestContext.current()?.actorUserId ?? null,
        );
        if (recording.changed) {
          await this.audit.record({
            action: 'accme_activity.recorded',
            subjectType: 'course_version',
            subjectId: courseVersionId,
            details: {
              courseId: version.courseId,
              version: version.version,
              accmeActivityId,
              previousAccmeActivityId: recording.previousAccmeActivityId,
            },
          });
        }
        return recording.activity;
      });
    } catch (error) {
      const constraint = pgConstraint(error);
      if (constraint === ID_TAKEN) {
        throw await this.taken(accmeActivityId);
      }
      if (constraint === NO_VERSION) {
        throw notFound();
      }
      throw error;
    }
  }

  /** The conflict, naming the activity that holds the id so the admin can check which is right. */
  private async taken(accmeActivityId: string): Promise<AccreditationError> {
    const holderId = await this.activities.findVersionHolding(accmeActivityId);
    const holder = holderId ? await this.reports.findExportedVersion(holderId) : null;
    const where = holder
      ? `${holder.courseTitle}, version ${holder.version} (${activityId(holder.courseSlug, holder.version)})`
      : 'another course version';
    return new AccreditationError(
      AccreditationErrorCode.ACCME_ACTIVITY_ID_TAKEN,
      `accmeActivityId ${accmeActivityId} is already recorded for ${where}: one PARS activity is one course version.`,
      'accmeActivityId',
    );
  }
}

function notFound(): AccreditationError {
  return new AccreditationError(
    AccreditationErrorCode.COURSE_VERSION_NOT_FOUND,
    'No published or archived course version has this id.',
  );
}
