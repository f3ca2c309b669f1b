import { Injectable } from '@nestjs/common';
import { PRETEST_ID } from '@academy/assessment';
import { Clock } from '@academy/core';
import { MAX_DASHBOARD_YEARS } from './dto/dashboard.dto';
import {
  CourseChoice,
  DashboardRepository,
  FunnelCounts,
  ModulePassRate,
  MonthCount,
  OrganisationVerifications,
  VerificationMonth,
} from './dashboard.repository';

/** Most active verifier organisations listed on the dashboard. */
export const TOP_VERIFIERS = 10;

export interface DashboardFilter {
  courseId?: string;
  /** First day, YYYY-MM-DD (UTC). */
  from?: string;
  /** Last day, included, YYYY-MM-DD (UTC). */
  to?: string;
}

/** The numbers behind the admin dashboard, for one course or all, over a period of days. */
export interface Dashboard {
  courseId: string | null;
  from: string;
  to: string;
  funnel: FunnelCounts;
  certificatesPerMonth: MonthCount[];
  passRates: (ModulePassRate & { passRate: number })[];
  verificationsPerMonth: VerificationMonth[];
  verifiers: OrganisationVerifications[];
}

const day = (date: Date): string => date.toISOString().slice(0, 10);

/** The admin dashboard: completion funnel, certificates, pass rates and verifications. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly reporting: DashboardRepository,
    private readonly clock: Clock,
  ) {}

  /** The period when the filter leaves it out: the current month and the eleven before, to today. */
  defaultPeriod(): { from: string; to: string } {
    const now = this.clock.now();
    return {
      from: day(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1))),
      to: day(now),
    };
  }

  async dashboard(filter: DashboardFilter): Promise<Dashboard> {
    const period = this.defaultPeriod();
    let to = filter.to ?? period.to;
    if (filter.from && !filter.to) {
      // Only a start given: up to today, but never before the start nor past the longest period.
      const last = new Date(`${filter.from}T00:00:00Z`);
      last.setUTCFullYear(last.getUTCFullYear() + MAX_DASHBOARD_YEARS);
      last.setUTCDate(last.getUTCDate() - 1);
      to = [filter.from, [to, day(last)].sort()[0]!].sort()[1]!;
    }
    // A `to` before the default start (an old period asked by its end only) starts a year earlier.
    const from =
      filter.from ??
      (to < period.from
        ? day(new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 12, 1)))
        : period.from);
    const until = new Date(`${to}T00:00:00Z`);
    until.setUTCDate(until.getUTCDate() + 1);
    const scope = { courseId: filter.courseId ?? null, from: new Date(`${from}T00:00:00Z`), until };
    const [funnel, certificatesPerMonth, passRates, verificationsPerMonth, verifiers] = await Promise.all([
      this.reporting.funnel(scope),
      this.reporting.certificatesPerMonth(scope),
      this.reporting.passRates(scope, PRETEST_ID),
      this.reporting.verificationsPerMonth(scope),
      this.reporting.verificationsByOrganisation(scope, TOP_VERIFIERS),
    ]);
    return {
      courseId: scope.courseId,
      from,
      to,
      funnel,
      certificatesPerMonth,
      passRates: passRates.map((rate) => ({
        ...rate,
        passRate: rate.learners > 0 ? rate.passed / rate.learners : 0,
      })),
      verificationsPerMonth,
      verifiers,
    };
  }

  /** Courses an admin may narrow the dashboard to. */
  courses(): Promise<CourseChoice[]> {
    return this.reporting.courses();
  }
}
