import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';

/** The ACCME Activity ID recorded for one activity (course version). */
export interface AccmeActivity {
  courseVersionId: string;
  accmeActivityId: string;
  recordedAt: Date;
  recordedByUserId: string | null;
}

/** What recording an id changed: the row as it is now, and the id it replaced, if any. */
export interface AccmeActivityRecording {
  activity: AccmeActivity;
  /** False when the version already had this very id: nothing was written. */
  changed: boolean;
  previousAccmeActivityId: string | null;
}

type Raw = {
  course_version_id: string;
  accme_activity_id: string;
  recorded_at: Date;
  recorded_by_user_id: string | null;
  previous?: string | null;
};

const toActivity = (row: Raw): AccmeActivity => ({
  courseVersionId: row.course_version_id,
  accmeActivityId: row.accme_activity_id,
  recordedAt: row.recorded_at,
  recordedByUserId: row.recorded_by_user_id,
});

/** The accme_activity table: the ACCME Activity IDs that PARS assigned, one per course version. */
@Injectable()
export class AccmeActivityRepository {
  constructor(private readonly db: Database) {}

  /** The course version that holds an ACCME Activity ID, if any. */
  async findVersionHolding(accmeActivityId: string): Promise<string | null> {
    const { rows } = await this.db.execute<Raw>(
      `SELECT course_version_id FROM accme_activity WHERE accme_activity_id = $1`,
      [accmeActivityId],
    );
    return rows[0]?.course_version_id ?? null;
  }

  /**
   * Records `accmeActivityId` for the version, or replaces the one it had; run it in a
   * transaction. An id another version holds fails on the table's unique key
   * (`accme_activity_accme_activity_id_key`).
   */
  async record(
    courseVersionId: string,
    accmeActivityId: string,
    recordedAt: Date,
    recordedByUserId: string | null,
  ): Promise<AccmeActivityRecording> {
    const inserted = await this.db.execute<Raw>(
      `INSERT INTO accme_activity (course_version_id, accme_activity_id, recorded_at, recorded_by_user_id)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (course_version_id) DO NOTHING
       RETURNING *`,
      [courseVersionId, accmeActivityId, recordedAt, recordedByUserId],
    );
    if (inserted.rows[0]) {
      return { activity: toActivity(inserted.rows[0]), changed: true, previousAccmeActivityId: null };
    }
    // The row is there: replace its id, locked first so the id it replaced is the one answered.
    const updated = await this.db.execute<Raw>(
      `UPDATE accme_activity a
          SET accme_activity_id = $2, recorded_at = $3, recorded_by_user_id = $4
         FROM (SELECT course_version_id, accme_activity_id FROM accme_activity
                WHERE course_version_id = $1 FOR UPDATE) old
        WHERE a.course_version_id = old.course_version_id AND old.accme_activity_id <> $2
       RETURNING a.*, old.accme_activity_id AS previous`,
      [courseVersionId, accmeActivityId, recordedAt, recordedByUserId],
    );
    const row = updated.rows[0];
    if (row) {
      return { activity: toActivity(row), changed: true, previousAccmeActivityId: row.previous ?? null };
    }
    const unchanged = await this.db.execute<Raw>(
      `SELECT * FROM accme_activity WHERE course_version_id = $1`,
      [courseVersionId],
    );
    return { activity: toActivity(unchanged.rows[0]!), changed: false, previousAccmeActivityId: null };
  }
}
