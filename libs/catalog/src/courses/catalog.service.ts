import { Injectable } from '@nestjs/common';
import { CatalogError, CatalogErrorCode } from '../catalog-error';
import { CatalogFilter, CatalogRow, CourseRepository } from './course.repository';

/** The public catalog: published versions only, each list or page in one query. */
@Injectable()
export class CatalogService {
  constructor(private readonly courses: CourseRepository) {}

  list(filter: CatalogFilter): Promise<{ rows: CatalogRow[]; total: number }> {
    return this.courses.findCatalogPage(filter);
  }

  /** Versions learners are enrolled in (published or since archived), by id. */
  versions(versionIds: string[]): Promise<CatalogRow[]> {
    return this.courses.findVersionsWithCourse([...new Set(versionIds)]);
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
