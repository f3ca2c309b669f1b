import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import type { CourseContent } from '../content/course-content.types';
import { CourseVersionEntity } from './course-version.entity';
import { CourseEntity } from './course.entity';

/** A course with its current draft and published version numbers, for the authoring list. */
export interface CourseOverviewRow {
  id: string;
  slug: string;
  title: string;
  draftNumber: number | null;
  draftUpdatedAt: Date | null;
  publishedNumber: number | null;
  publishedAt: Date | null;
}

/** A published version as the public catalog lists it. */
export interface CatalogRow {
  courseId: string;
  slug: string;
  versionId: string;
  number: number;
  contentHash: string;
  publishedAt: Date;
  content: CourseContent;
}

/** The columns of a `CatalogRow`, named as its fields (a draft has no hash or publication date yet). */
const CATALOG_ROW_COLUMNS = `c.id AS "courseId", c.slug, v.id AS "versionId", v.number,
  coalesce(v.content_hash, '') AS "contentHash", coalesce(v.published_at, 'epoch') AS "publishedAt", v.content`;

export interface CatalogFilter {
  q?: string;
  creditType?: string;
  hasSkillsLab?: boolean;
  limit: number;
  offset: number;
}

@Injectable()
export class CourseRepository {
  constructor(private readonly db: Database) {}

  private get courses() {
    return this.db.repository(CourseEntity);
  }

  private get versions() {
    return this.db.repository(CourseVersionEntity);
  }

  insertCourse(course: Omit<CourseEntity, 'id'>): Promise<CourseEntity> {
    return this.courses.save(this.courses.create(course));
  }

  async insertVersion(
    version: Omit<CourseVersionEntity, 'id' | 'title' | 'course'>,
  ): Promise<CourseVersionEntity> {
    const saved = await this.versions.insert(version);
    return (await this.versions.findOneBy({ id: saved.identifiers[0]?.id as string }))!;
  }

  findCourse(id: string): Promise<CourseEntity | null> {
    return this.courses.findOneBy({ id });
  }

  findCourseBySlug(slug: string): Promise<CourseEntity | null> {
    return this.courses.findOneBy({ slug });
  }

  findDraft(courseId: string): Promise<CourseVersionEntity | null> {
    return this.versions.findOneBy({ courseId, status: 'draft' });
  }

  findPublished(courseId: string): Promise<CourseVersionEntity | null> {
    return this.versions.findOneBy({ courseId, status: 'published' });
  }

  findVersion(courseId: string, number: number): Promise<CourseVersionEntity | null> {
    return this.versions.findOneBy({ courseId, number });
  }

  findVersionById(id: string): Promise<CourseVersionEntity | null> {
    return this.versions.findOneBy({ id });
  }

  /** Every version of a course, newest first, without their content. */
  findVersionHistory(courseId: string): Promise<CourseVersionEntity[]> {
    return this.versions.find({
      select: {
        id: true,
        courseId: true,
        number: true,
        status: true,
        revision: true,
        contentHash: true,
        title: true,
        createdAt: true,
        updatedAt: true,
        publishedAt: true,
        publishedByUserId: true,
        archivedAt: true,
      },
      where: { courseId },
      order: { number: 'DESC' },
    });
  }

  async latestVersionNumber(courseId: string): Promise<number> {
    const rows: { max: number | null }[] = await this.db.manager.query(
      'SELECT max(number) AS max FROM course_version WHERE course_id = $1',
      [courseId],
    );
    return rows[0]?.max ?? 0;
  }

  /** Replaces a draft's content if nobody saved it since `revision`; null when stale or not a draft. */
  async updateDraftContent(
    versionId: string,
    revision: number,
    content: CourseContent,
    now: Date,
  ): Promise<CourseVersionEntity | null> {
    const { affected } = await this.db.execute(
      `UPDATE course_version SET content = $3, revision = revision + 1, updated_at = $4
       WHERE id = $1 AND status = 'draft' AND revision = $2`,
      [versionId, revision, JSON.stringify(content), now],
    );
    return affected > 0 ? this.findVersionById(versionId) : null;
  }

  /**
   * Moves a draft's revision on without touching its content (something kept elsewhere changed);
   * answers the new revision, or null when the version is not that course's draft any more.
   */
  async bumpDraftRevision(versionId: string, courseId: string, now: Date): Promise<number | null> {
    const { rows } = await this.db.execute<{ revision: number }>(
      `UPDATE course_version SET revision = revision + 1, updated_at = $3
       WHERE id = $1 AND course_id = $2 AND status = 'draft' RETURNING revision`,
      [versionId, courseId, now],
    );
    return rows[0]?.revision ?? null;
  }

  /** Moves the current published version, if any, to archived. */
  async archivePublished(courseId: string, now: Date): Promise<void> {
    await this.versions.update({ courseId, status: 'published' }, { status: 'archived', archivedAt: now });
  }

  /** Moves a version scheduled but not yet open, if any, to archived (a newer one replaces it). */
  async archiveScheduled(courseId: string, now: Date): Promise<void> {
    await this.versions.update({ courseId, status: 'scheduled' }, { status: 'archived', archivedAt: now });
  }

  /**
   * Freezes the draft at `revision` as published, or as scheduled to open at `opensAt`; false
   * when the draft moved on or is gone.
   */
  async publishDraft(
    versionId: string,
    revision: number,
    change: {
      content: CourseContent;
      contentHash: string;
      now: Date;
      userId: string | null;
      opensAt: Date | null;
    },
  ): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE course_version
       SET status = CASE WHEN $7::timestamptz IS NULL THEN 'published' ELSE 'scheduled' END,
           content = $6, content_hash = $3, published_at = $4, published_by_user_id = $5, updated_at = $4,
           opens_at = $7
       WHERE id = $1 AND status = 'draft' AND revision = $2`,
      [
        versionId,
        revision,
        change.contentHash,
        change.now,
        change.userId,
        JSON.stringify(change.content),
        change.opensAt,
      ],
    );
    return affected > 0;
  }

  /** Scheduled versions whose opening has come, oldest first (locked until the transaction ends). */
  async lockDueScheduled(now: Date): Promise<{ id: string; courseId: string; number: number }[]> {
    return this.db.manager.query(
      `SELECT id, course_id AS "courseId", number FROM course_version
        WHERE status = 'scheduled' AND opens_at <= $1 ORDER BY opens_at, id FOR UPDATE SKIP LOCKED`,
      [now],
    );
  }

  /** A scheduled version becomes the published one; false when it is no longer scheduled. */
  async openScheduled(versionId: string, now: Date): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE course_version SET status = 'published', updated_at = $2 WHERE id = $1 AND status = 'scheduled'`,
      [versionId, now],
    );
    return affected > 0;
  }

  /** The version of a course waiting to open, if any (number and when it opens). */
  async findScheduled(courseId: string): Promise<{ number: number; opensAt: Date } | null> {
    const rows: { number: number; opens_at: Date }[] = await this.db.manager.query(
      `SELECT number, opens_at FROM course_version WHERE course_id = $1 AND status = 'scheduled'`,
      [courseId],
    );
    return rows[0] ? { number: rows[0].number, opensAt: rows[0].opens_at } : null;
  }

  /** A page of courses with their draft and published version, and the total, in one query. */
  async findOverview(page: {
    limit: number;
    offset: number;
  }): Promise<{ rows: CourseOverviewRow[]; total: number }> {
    const rows: {
      total: string;
      id: string;
      slug: string;
      title: string;
      draft_number: number | null;
      draft_updated_at: Date | null;
      published_number: number | null;
      published_at: Date | null;
    }[] = await this.db.manager.query(
      `
      SELECT c.id, c.slug,
             coalesce(d.title, p.title, c.slug) AS title,
             d.number AS draft_number, d.updated_at AS draft_updated_at,
             p.number AS published_number, p.published_at, count(*) OVER () AS total
      FROM course c
      LEFT JOIN course_version d ON d.course_id = c.id AND d.status = 'draft'
      LEFT JOIN course_version p ON p.course_id = c.id AND p.status = 'published'
      ORDER BY lower(coalesce(d.title, p.title, c.slug)), c.id
      LIMIT $1 OFFSET $2`,
      [page.limit, page.offset],
    );
    const total = rows.length > 0 ? Number(rows[0]?.total) : 0;
    return {
      total,
      rows: rows.map((row) => ({
        id: row.id,
        slug: row.slug,
        title: row.title,
        draftNumber: row.draft_number,
        draftUpdatedAt: row.draft_updated_at,
        publishedNumber: row.published_number,
        publishedAt: row.published_at,
      })),
    };
  }

  /** A page of the published catalog: its versions' ids in catalog order, and how many match. */
  async findCatalogPage(filter: CatalogFilter): Promise<{ versionIds: string[]; total: number }> {
    const conditions = [`v.status = 'published'`];
    const parameters: unknown[] = [];
    const parameter = (value: unknown): string => {
      parameters.push(value);
      return `$${parameters.length}`;
    };
    if (filter.q) {
      const q = parameter(filter.q);
      const like = parameter(`%${filter.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
      conditions.push(
        `(v.search @@ websearch_to_tsquery('english', ${q}) OR v.title ILIKE ${like} OR (v.content -> 'topics')::text ILIKE ${like})`,
      );
    }
    if (filter.creditType) {
      conditions.push(
        `v.content -> 'credits' @> ${parameter(JSON.stringify([{ type: filter.creditType }]))}::jsonb`,
      );
    }
    if (filter.hasSkillsLab !== undefined) {
      conditions.push(`(v.content ->> 'skillsLabRequired')::boolean = ${parameter(filter.hasSkillsLab)}`);
    }
    const limit = parameter(filter.limit);
    const offset = parameter(filter.offset);
    // Prepared: one text per combination of filters (eight at most). Only ids: the rows
    // themselves, content and all, are the catalog service's to read (each once per process).
    const { rows } = await this.db.execute<{ versionId: string; total: string }>(
      `SELECT v.id AS "versionId", count(*) OVER () AS total
       FROM course_version v JOIN course c ON c.id = v.course_id
       WHERE ${conditions.join(' AND ')}
       ORDER BY lower(v.title), c.id
       LIMIT ${limit} OFFSET ${offset}`,
      parameters,
      { prepared: true },
    );
    return {
      versionIds: rows.map((row) => row.versionId),
      total: rows.length > 0 ? Number(rows[0]?.total) : 0,
    };
  }

  /** Versions (any status) with their course's slug, by id, in one query. */
  /** Versions by id with their course, each saying whether it is frozen (published or archived). */
  async findVersionsWithCourse(versionIds: string[]): Promise<(CatalogRow & { frozen: boolean })[]> {
    if (versionIds.length === 0) {
      return [];
    }
    return this.db.manager.query(
      `SELECT ${CATALOG_ROW_COLUMNS}, v.status IN ('published', 'archived') AS frozen
         FROM course_version v JOIN course c ON c.id = v.course_id
         WHERE v.id = ANY($1::uuid[])`,
      [versionIds],
    );
  }

  /** The published version of a course by id or slug, in one query. */
  async findPublishedCourse(idOrSlug: string): Promise<CatalogRow | null> {
    const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
    const rows: CatalogRow[] = await this.db.manager.query(
      `SELECT ${CATALOG_ROW_COLUMNS}
         FROM course c JOIN course_version v ON v.course_id = c.id AND v.status = 'published'
         WHERE ${byId ? 'c.id = $1' : 'c.slug = $1'}`,
      [idOrSlug],
    );
    return rows[0] ?? null;
  }
}
