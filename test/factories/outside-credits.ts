import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OutsideCreditsService } from '@academy/learning';

/** A tiny but well-formed PDF, made here so tests ship no binary files. */
export function tinyPdf(title = 'Certificate of completion'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n` +
      `2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n` +
      `3 0 obj << /Title (${title}) >> endobj\n` +
      `trailer << /Root 1 0 R /Info 3 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

/** A valid outside credit as the API and the page take it (JSON, or multipart fields). */
export function outsideCreditBody(overrides: Record<string, string | number> = {}) {
  return {
    provider: 'American Society for Regenerative Medicine',
    activity: 'Annual meeting 2026: orthobiologics track',
    completedOn: '2025-05-14',
    creditType: 'AMA PRA Category 1 Credit™',
    amount: 6.25,
    ...overrides,
  };
}

/** An outside credit of the caller (a learner), with a PDF certificate; any id for anyone else. */
export async function learnerOutsideCredit(
  app: INestApplicationContext,
  caller: { id: string; roles: string[] } | undefined,
): Promise<string> {
  if (!caller?.roles.includes('learner')) {
    return randomUUID();
  }
  const credit = await app
    .get(OutsideCreditsService)
    .add(caller.id, outsideCreditBody(), { bytes: tinyPdf(), fileName: 'certificate.pdf' });
  return credit.id;
}
