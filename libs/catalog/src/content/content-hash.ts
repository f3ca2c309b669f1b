import { createHash } from 'node:crypto';
import { canonicalJson } from '@academy/core';
import { PRETEST_POOL_ID } from './course-bank';
import type { DocumentQuestion } from './course-bank';
import { pretestToDocument } from './course-document';
import type { CourseContent } from './course-content.types';

/**
 * SHA-256 (hex) over everything a learner sees of a version: its whole content document and,
 * given `banks` (each module's active questions as a course document carries them), every
 * module's question bank, which learners see too. With banks it is the hash of the version's
 * exported content, so an exported file can be checked against the published version. The
 * pre-test's own pool counts when it has questions (versions from before pools hash as they did).
 */
export function contentHash(content: CourseContent, banks?: ReadonlyMap<string, DocumentQuestion[]>): string {
  const pool = banks?.get(PRETEST_POOL_ID) ?? [];
  const hashed = banks
    ? {
        ...content,
        modules: content.modules.map((module) => ({ ...module, questions: banks.get(module.id) ?? [] })),
        ...(content.pretest && pool.length > 0
          ? { pretest: { ...content.pretest, questions: pretestToDocument(pool, content.modules) } }
          : {}),
      }
    : content;
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}
