import { createHash } from 'node:crypto';
import { canonicalJson } from '@academy/core';
import type { CourseContent } from './course-content.types';

/** SHA-256 (hex) over everything a learner sees of a version: its whole content document. */
export function contentHash(content: CourseContent): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}
