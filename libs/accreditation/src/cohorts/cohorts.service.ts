import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CatalogService } from '@academy/catalog';
import type { CatalogRow } from '@academy/catalog';
import { AuditService, Clock, Database, DomainError, pgConstraint } from '@academy/core';
import { CertificatesService } from '@academy/certificates';
import { USER_ANONYMISED, USER_CREATED, UserAnonymised, UserCreated, UsersService } from '@academy/identity';
import { LearningService } from '@academy/learning';
import { NotificationsService } from '@academy/notifications';
import { AccreditationError, AccreditationErrorCode } from '../accreditation-error';
import { Cohort, CohortMember, CohortRepository } from './cohort.repository';
import { MemberLine, parseMemberList, UnreadableList } from './member-list';

/** What became of one line of a member list. */
export type RowOutcome =
  'enrolled' | 'already_enrolled' | 'invited' | 'already_invited' | 'duplicate' | 'error';

export interface RowReport {
  line: number;
  email: string | null;
  outcome: RowOutcome;
  /** The outcome in a sentence, starting with the line: "line 4: … is not an e-mail address." */
  message: string;
}

export interface UploadReport {
  cohortId: string;
  rows: RowReport[];
  counts: Record<RowOutcome, number>;
}

/** Where a member of a cohort stands in its course. */
export type MemberStage = 'invited' | 'enrolled' | 'in_progress' | 'completed' | 'certified';

export interface MemberProgress extends CohortMember {
  stage: MemberStage;
  /** Whole percentage of the course's steps done (0 when only invited). */
  progress: number;
}

export interface CohortDetail {
  cohort: Cohort;
  course: CatalogRow;
  members: MemberProgress[];
  counts: Record<MemberStage, number>;
}

function emptyCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

const OUTCOMES = [
  'enrolled',
  'already_enrolled',
  'invited',
  'already_invited',
  'duplicate',
  'error',
] as const;
const STAGES = ['invited', 'enrolled', 'in_progress', 'completed', 'certified'] as const;

/**
 * Cohorts: a named group enrolled into one course from a list of addresses. A person with an
 * account is enrolled at once; an address without one is invited by e-mail and enrolled as it
 * signs up. Every line of a list is answered by its number. Uploading a list again, or two at
 * once, enrols nobody twice: enrolment and membership are each one conditional insert.
 */
@Injectable()
export class CohortsService {
  constructor(
    private readonly db: Database,
    private readonly cohorts: CohortRepository,
    private readonly catalog: CatalogService,
    private readonly learning: LearningService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly certificates: CertificatesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(name: string, courseId: string, createdBy: string | null): Promise<Cohort> {
    // Only a published course can take enrolments.
    const course = await this.catalog.getPublished(courseId);
    try {
      const id = await this.db.withTransaction(async () => {
        const created = await this.cohorts.insert({
          name: name.trim(),
          courseId: course.courseId,
          createdBy,
          now: this.clock.now(),
        });
        await this.audit.record({
          action: 'cohort.created',
          subjectType: 'cohort',
          subjectId: created,
          details: { courseId: course.courseId },
        });
        return created;
      });
      return (await this.cohorts.findById(id))!;
    } catch (error) {
      if (pgConstraint(error) === 'cohort_name_key') {
        throw new AccreditationError(
          AccreditationErrorCode.COHORT_NAME_TAKEN,
          'A cohort already has this name: choose another.',
          'name',
        );
      }
      throw error;
    }
  }

  list(page: { limit: number; offset: number }): Promise<{ items: Cohort[]; total: number }> {
    return this.cohorts.findPage(page);
  }

  async get(cohortId: string): Promise<Cohort> {
    const cohort = await this.cohorts.findById(cohortId);
    if (!cohort) {
      throw new AccreditationError(AccreditationErrorCode.COHORT_NOT_FOUND, 'No such cohort.');
    }
    return cohort;
  }

  /** The cohort with each member's progress in its course (a fixed number of queries). */
  async detail(cohortId: string): Promise<CohortDetail> {
    const cohort = await this.get(cohortId);
    const course = await this.catalog.getPublished(cohort.courseId);
    const members = await this.cohorts.members(cohortId);
    const enrolmentIds = members.flatMap((member) => (member.enrolmentId ? [member.enrolmentId] : []));
    const details = new Map(
      (await this.learning.enrolmentsInDetail(enrolmentIds)).map((detail) => [detail.enrolment.id, detail]),
    );
    const certified = new Set(
      (await this.certificates.forEnrolments(enrolmentIds))
        .filter((certificate) => certificate.status === 'valid')
        .map((certificate) => certificate.enrolmentId),
    );
    const counts = emptyCounts(STAGES);
    const withProgress = members.map((member): MemberProgress => {
      const detail = member.enrolmentId ? details.get(member.enrolmentId) : undefined;
      const progress = detail?.progress ?? 0;
      const stage: MemberStage =
        member.status === 'invited'
          ? 'invited'
          : member.enrolmentId && certified.has(member.enrolmentId)
            ? 'certified'
            : progress >= 100
              ? 'completed'
              : progress > 0
                ? 'in_progress'
                : 'enrolled';
      counts[stage] += 1;
      return { ...member, stage, progress };
    });
    return { cohort, course, members: withProgress, counts };
  }

  /** Enrols (or invites) everyone on a CSV file or pasted list, and answers each line. */
  async addMembers(cohortId: string, list: string, inviterId: string): Promise<UploadReport> {
    let lines: MemberLine[];
    try {
      lines = parseMemberList(list);
    } catch (error) {
      if (error instanceof UnreadableList) {
        throw new AccreditationError(AccreditationErrorCode.BAD_MEMBER_LIST, error.message, 'list');
      }
      throw error;
    }
    const cohort = await this.get(cohortId);
    const course = await this.catalog.getPublished(cohort.courseId);
    const rows: RowReport[] = [];
    // One person at a time, each in a transaction of its own: a problem with one leaves the others
    // enrolled, and two lists sent at once never wait on each other for long.
    for (const line of lines) {
      rows.push(await this.addOne(cohort, course, line, inviterId));
    }
    const counts = emptyCounts(OUTCOMES);
    for (const row of rows) {
      counts[row.outcome] += 1;
    }
    await this.audit.record({
      action: 'cohort.list_added',
      subjectType: 'cohort',
      subjectId: cohortId,
      details: { ...counts },
    });
    return { cohortId, rows, counts };
  }

  private async addOne(
    cohort: Cohort,
    course: CatalogRow,
    line: MemberLine,
    inviterId: string,
  ): Promise<RowReport> {
    if (line.kind === 'error') {
      return { line: line.line, email: null, outcome: 'error', message: line.problem };
    }
    if (line.kind === 'duplicate') {
      return {
        line: line.line,
        email: line.email,
        outcome: 'duplicate',
        message: `line ${line.line}: ${line.email} is on line ${line.firstLine} already; this line was left out.`,
      };
    }
    const { email, fullName } = line;
    const at = `line ${line.line}: ${email}`;
    const user = await this.users.findByEmail(email);
    if (user?.disabledAt) {
      return {
        line: line.line,
        email,
        outcome: 'error',
        message: `${at} belongs to a disabled account; nobody was enrolled.`,
      };
    }
    try {
      return await this.db.withTransaction(async (): Promise<RowReport> => {
        const now = this.clock.now();
        if (user) {
          const { enrolment, created } = await this.learning.enrol(user.id, course.courseId);
          await this.cohorts.upsertEnrolled({
            cohortId: cohort.id,
            email,
            fullName: fullName ?? user.fullName,
            userId: user.id,
            enrolmentId: enrolment.id,
            now,
          });
          return created
            ? { line: line.line, email, outcome: 'enrolled', message: `${at} enrolled.` }
            : {
                line: line.line,
                email,
                outcome: 'already_enrolled',
                message: `${at} was enrolled in this course already.`,
              };
        }
        if (!(await this.cohorts.insertInvited({ cohortId: cohort.id, email, fullName, now }))) {
          const status = await this.cohorts.statusOf(cohort.id, email);
          return status === 'enrolled'
            ? {
                line: line.line,
                email,
                outcome: 'already_enrolled',
                message: `${at} was enrolled in this course already.`,
              }
            : {
                line: line.line,
                email,
                outcome: 'already_invited',
                message: `${at} was invited already; they are enrolled as they create their account.`,
              };
        }
        await this.invite(cohort, course, email, fullName, inviterId);
        return {
          line: line.line,
          email,
          outcome: 'invited',
          message: `${at} has no account yet: invited by e-mail, and enrolled as they create their account.`,
        };
      });
    } catch (error) {
      if (error instanceof DomainError) {
        return { line: line.line, email, outcome: 'error', message: `${at}: ${error.message}` };
      }
      throw error;
    }
  }

  /**
   * The invitation goes out through the notifications outbox. An address without an account has
   * no inbox: the message is kept in the inviting admin's inbox (a record of what was sent) and
   * e-mailed to the address, with the sign-up link in the e-mail only.
   */
  private async invite(
    cohort: Cohort,
    course: CatalogRow,
    email: string,
    fullName: string | null,
    inviterId: string,
  ): Promise<void> {
    await this.notifications.notify(inviterId, {
      kind: 'cohort.invitation',
      subject: `Invitation to “${course.content.title}” on Regen Academy`.slice(0, 200),
      body:
        `${fullName ? `${fullName}, you` : 'You'} are invited to take “${course.content.title}” with ` +
        `${cohort.name} on Regen Academy. Create your account with this address (${email}) at the link ` +
        'below: you are enrolled in the course as you sign up.',
      link: `/admin/cohorts/${cohort.id}`,
      secretLink: `/signup?email=${encodeURIComponent(email)}`,
      emailTo: email,
    });
    await this.audit.record({
      action: 'cohort.member_invited',
      subjectType: 'cohort',
      subjectId: cohort.id,
    });
  }

  /**
   * A learner's account made for an invited address, by sign-up or by an admin, is enrolled in
   * the cohorts' courses in the transaction that makes it.
   */
  @OnEvent(USER_CREATED, { suppressErrors: false })
  async enrolInvited(event: UserCreated): Promise<void> {
    const user = await this.users.get(event.userId);
    if (!user.roles.includes('learner')) {
      return;
    }
    for (const invitation of await this.cohorts.lockInvitationsFor(user.email)) {
      let course: CatalogRow;
      try {
        course = await this.catalog.getPublished(invitation.courseId);
      } catch (error) {
        // A course taken down since the invitation: the invitation waits, the account is made.
        if (error instanceof DomainError) {
          continue;
        }
        throw error;
      }
      const { enrolment } = await this.learning.enrol(user.id, course.courseId);
      await this.cohorts.markEnrolled(invitation.cohortId, user.email, user.id, enrolment.id);
      await this.audit.record({
        action: 'cohort.invitation_accepted',
        subjectType: 'cohort',
        subjectId: invitation.cohortId,
        ...(event.by === 'sign-up' ? { actorUserId: user.id } : {}),
        details: { enrolmentId: enrolment.id, by: event.by },
      });
    }
  }

  @OnEvent(USER_ANONYMISED, { suppressErrors: false })
  async forget(event: UserAnonymised): Promise<void> {
    await this.cohorts.anonymise(event.userId);
  }
}
