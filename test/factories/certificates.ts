import type { INestApplicationContext } from '@nestjs/common';
import { CertificatesService } from '@academy/certificates';
import type { Certificate, StatusReason } from '@academy/certificates';
import { completedCourse } from './completion';
import { newUser } from './users';
import type { TestUser } from './users';

export interface CertifiedLearner {
  /** The holder, able to sign in. */
  user: TestUser;
  number: string;
  certificate: Certificate;
}

/**
 * A learner holding a certificate, earned through the real services: a new published course
 * completed (quizzes, evaluation, a skills lab checked in and signed off, credit claimed), whose
 * last step issues the certificate.
 *
 * - `user`: the learner to certify (a new one, named `fullName`, when absent).
 * - `signed`: sign the credential and render the PDF now, as the worker would.
 * - `status`: then suspend or revoke it, as an admin does, for `reason` (and `note`).
 */
export async function certifiedLearner(
  app: INestApplicationContext,
  options: {
    user?: TestUser;
    fullName?: string;
    signed?: boolean;
    status?: 'revoked' | 'suspended';
    reason?: StatusReason;
    note?: string;
  } = {},
): Promise<CertifiedLearner> {
  const user = options.user ?? (await newUser(app, { roles: ['learner'], fullName: options.fullName }));
  const service = app.get(CertificatesService);
  // The holder may have certificates already, issued at the same instant on a frozen clock.
  const before = new Set((await service.mine(user.id)).map((held) => held.number));
  await completedCourse(app, { userId: user.id });
  const issued = (await service.mine(user.id)).find((held) => !before.has(held.number));
  if (!issued) {
    throw new Error('Completing the course issued no new certificate');
  }
  if (options.signed) {
    await service.pdf(issued);
  }
  let certificate = await service.byNumber(issued.number);
  if (options.status) {
    const admin = await newUser(app, { roles: ['admin'] });
    certificate = await service.changeStatus(admin.id, issued.number, {
      status: options.status,
      reason: options.reason ?? (options.status === 'revoked' ? 'issued_in_error' : 'under_review'),
      note: options.note ?? null,
    });
  }
  return { user, number: certificate.number, certificate };
}
