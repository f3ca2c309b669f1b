import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '@academy/core';
import { interimCreditJustification } from './demo-credit';

const DEMO_DIR = 'libs/catalog/src/demo';

/**
 * The demo academy's courses, shipped as course documents (the export format): the flagship,
 * its recertification course (for physicians renewing their competence years later), then the
 * diagnostic course.
 */
export const DEMO_COURSE_FILES = [
  'flagship-course.json',
  'recertification-course.json',
  'diagnostic-bma-course.json',
];

export function demoCourseDocuments(): unknown[] {
  return DEMO_COURSE_FILES.map((file) =>
    interimCreditJustification(
      JSON.parse(readFileSync(join(PROJECT_ROOT, DEMO_DIR, file), 'utf8')) as unknown,
    ),
  );
}

/** A figure the demo seed uploads into a demo lesson (lessons carry figures by stored media id). */
export interface DemoFigure {
  courseSlug: string;
  lessonId: string;
  file: string;
  alt: string;
  caption?: string;
}

/** The demo lessons' figures, each with its image's bytes, in lesson order. */
export function demoFigures(): (DemoFigure & { bytes: Buffer })[] {
  const figures = JSON.parse(
    readFileSync(join(PROJECT_ROOT, DEMO_DIR, 'figures/figures.json'), 'utf8'),
  ) as DemoFigure[];
  return figures.map((figure) => ({
    ...figure,
    bytes: readFileSync(join(PROJECT_ROOT, DEMO_DIR, 'figures', figure.file)),
  }));
}
