import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { CoursesService } from '@academy/catalog';
import type { CourseContent } from '@academy/catalog';
import { sampleContent } from './course-content';

export function newSlug(prefix = 'course'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A course whose draft meets every publishing rule (not yet published). */
export async function newReadyDraft(
  app: INestApplicationContext,
  overrides: Partial<CourseContent> = {},
): Promise<{ courseId: string; slug: string; revision: number }> {
  const courses = app.get(CoursesService);
  const slug = newSlug();
  const { course, draft } = await courses.createCourse(slug, 'Untitled');
  const saved = await courses.saveDraft(course.id, draft.revision, sampleContent(overrides));
  return { courseId: course.id, slug, revision: saved.revision };
}

/** A published course (version 1), through the real services. */
export async function newPublishedCourse(
  app: INestApplicationContext,
  overrides: Partial<CourseContent> = {},
): Promise<{ courseId: string; slug: string }> {
  const draft = await newReadyDraft(app, overrides);
  await app.get(CoursesService).publish(draft.courseId, draft.revision);
  return { courseId: draft.courseId, slug: draft.slug };
}
