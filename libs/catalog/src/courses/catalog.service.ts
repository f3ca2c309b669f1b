import { Injectable } from '@nestjs/common';
import { FrozenRows } from '@academy/core';
import { CatalogError, CatalogErrorCode } from '../catalog-error';
import { CatalogFilter, CatalogRow, CourseRepository } from './course.repository';

// Versions kept in memory at most; a course has a handful, an academy a few hundred.
const VERSIONS_KEPT = 1000;

/** The public catalog: published versions only, each list or page in one query. */
@Injectable()
export class CatalogService {
  // A published (or since archived) version never changes (a trigger freezes it; its course's
  // slug never changes either): learners' steps ask for their version on every request.
  private readonly frozen = new FrozenRows<CatalogRow>(VERSIONS_KEPT);

  constructor(private readonly courses: CourseRepository) {}

  /**
   * A page of the catalog: which versions, in what order, and the total from one statement; each
   * version's row (its content the bulk of it) from memory once read, as for learners' steps.
   */
  async list(filter: CatalogFilter): Promise<{ rows: CatalogRow[]; total: number }> {
    const page = await this.courses.findCatalogPage(filter);
    return { rows: await this.versions(page.versionIds), total: page.total };
  }

  /** Versions learners are enrolled in (published or since archived), by id. */
  async versions(versionIds: string[]): Promise<CatalogRow[]> {
    const wanted = [...new Set(versionIds)];
    const found = new Map<string, CatalogRow>();
    const missing = wanted.filter((id) => !this.frozen.has(id));
    for (const { frozen, ...row } of await this.courses.findVersionsWithCourse(missing)) {
      found.set(row.versionId, row);
      if (frozen) {
        this.frozen.keep(row.versionId, row);
      }
    }
    return wanted.flatMap((id) => this.frozen.get(id) ?? found.get(id) ?? []);
  }

  /** The version of a course waiting for its release date (number and when it opens), if any. */
  scheduled(courseId: string): Promise<{ number: number; opensAt: Date } | null> {
    return this.courses.findScheduled(courseId);
  }

  async getPublished(idOrSlug: string): Promise<CatalogRow> {
    const row = await this.courses.findPublishedCourse(idOrSlug);
    if (!row) {
      throw new CatalogError(CatalogErrorCode.COURSE_NOT_FOUND, 'No published course at this address.');
    }
    return row;
  }
}
