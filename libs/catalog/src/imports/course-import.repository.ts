import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';

/** An uploaded course document waiting for its author to create the draft. */
export interface ImportUploadRow {
  id: string;
  document: unknown;
  fileName: string;
  createdAt: Date;
}

@Injectable()
export class CourseImportRepository {
  constructor(private readonly db: Database) {}

  async insertUpload(upload: {
    document: unknown;
    fileName: string;
    userId: string;
    now: Date;
  }): Promise<string> {
    const { rows } = await this.db.execute<{ id: string }>(
      `INSERT INTO course_import_upload (document, file_name, uploaded_by_user_id, created_at)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [JSON.stringify(upload.document), upload.fileName, upload.userId, upload.now],
    );
    return rows[0]!.id;
  }

  /** The user's upload, if it is still waiting (uploaded after `since`). */
  async findUpload(id: string, userId: string, since: Date): Promise<ImportUploadRow | null> {
    const { rows } = await this.db.execute<ImportUploadRow>(
      `SELECT id, document, file_name AS "fileName", created_at AS "createdAt" FROM course_import_upload
       WHERE id = $1 AND uploaded_by_user_id = $2 AND created_at > $3`,
      [id, userId, since],
    );
    return rows[0] ?? null;
  }

  /** Takes the user's waiting upload, once: a second "Create draft" finds nothing. */
  async consumeUpload(id: string, userId: string, since: Date): Promise<ImportUploadRow | null> {
    const { rows } = await this.db.execute<ImportUploadRow>(
      `DELETE FROM course_import_upload WHERE id = $1 AND uploaded_by_user_id = $2 AND created_at > $3
       RETURNING id, document, file_name AS "fileName", created_at AS "createdAt"`,
      [id, userId, since],
    );
    return rows[0] ?? null;
  }

  /** Forgets uploads nobody turned into a draft. */
  async deleteUploadsBefore(before: Date): Promise<void> {
    await this.db.execute(`DELETE FROM course_import_upload WHERE created_at <= $1`, [before]);
  }
}
