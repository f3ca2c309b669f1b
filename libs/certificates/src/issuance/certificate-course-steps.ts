import { Injectable, OnModuleInit } from '@nestjs/common';
import { dateInWords } from '@academy/core';
import type { Reader } from '@academy/core';
import { UsersService } from '@academy/identity';
import { CourseStepRegistry } from '@academy/learning';
import type { CourseStep, CourseStepContext, CourseStepSource } from '@academy/learning';
import { CertificateRepository } from './certificate.repository';

const TITLE = 'Receive your certificate';

/**
 * The certificate, the last step of every course's checklist: issued, waiting for the holder to
 * confirm their address, or not yet (the steps before it say what is missing). Registered with
 * learning's checklist at start: learning cannot import certificates, which depend on it.
 */
@Injectable()
export class CertificateCourseSteps implements CourseStepSource, OnModuleInit {
  readonly place = 'after-credit' as const;

  constructor(
    private readonly registry: CourseStepRegistry,
    private readonly certificates: CertificateRepository,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  /** Two queries per learner (their certificates, their account), whatever the number of courses. */
  async stepsFor(contexts: CourseStepContext[], reader: Reader): Promise<Map<string, CourseStep[]>> {
    const steps = new Map<string, CourseStep[]>();
    for (const userId of new Set(contexts.map((context) => context.userId))) {
      const issued = await this.certificates.findForUser(userId);
      const holder = contexts.some((context) => context.userId === userId && context.requirementsMet)
        ? await this.users.get(userId)
        : null;
      for (const context of contexts.filter((candidate) => candidate.userId === userId)) {
        const certificate = issued.find((candidate) => candidate.enrolmentId === context.enrolmentId);
        steps.set(context.enrolmentId, [
          certificate
            ? {
                key: 'certificate',
                title: TITLE,
                status: 'done',
                required: true,
                detail: `Certificate ${certificate.number}, issued on ${dateInWords(certificate.issuedAt, reader)}${
                  certificate.status === 'valid' ? '' : ` (now ${certificate.status})`
                }.`,
                action: { label: 'See your certificate', href: `/me/certificates/${certificate.number}` },
              }
            : !context.requirementsMet
              ? {
                  key: 'certificate',
                  title: TITLE,
                  status: 'locked',
                  required: true,
                  detail: 'Issued as soon as every step above is done.',
                }
              : holder && !holder.emailVerifiedAt
                ? {
                    key: 'certificate',
                    title: TITLE,
                    status: 'open',
                    required: true,
                    detail:
                      'Every step is done. Confirm your e-mail address with the link we sent you: the certificate is issued as soon as you do.',
                    // Straight to the address on the profile: on a phone it sits far below the details form.
                    action: { label: 'Confirm your e-mail address', href: '/profile#email' },
                  }
                : {
                    key: 'certificate',
                    title: TITLE,
                    status: 'waiting',
                    required: true,
                    detail: 'Every step is done; your certificate is being issued.',
                    action: { label: 'See My certificates', href: '/me/certificates' },
                  },
        ]);
      }
    }
    return steps;
  }
}
