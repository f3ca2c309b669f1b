import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseForm, renderPage, Roles } from '@academy/core';
import { dashboardCharts, longDay, longMonth } from './dashboard-charts';
import { Dashboard, DashboardFilter, DashboardService } from './dashboard.service';
import { DashboardQueryDto } from './dto/dashboard.dto';

const VIEWS = 'libs/accreditation/views';

const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** The dashboard's view: the charts' markup and every number again in tables. */
export function dashboardModel(dashboard: Dashboard): Record<string, unknown> {
  const { funnel } = dashboard;
  const ofEnrolled = (count: number): string =>
    funnel.enrolled > 0 ? percent(count / funnel.enrolled) : '–';
  return {
    charts: dashboardCharts(dashboard),
    period: { from: longDay(dashboard.from), to: longDay(dashboard.to) },
    funnelRows: [
      { stage: 'Enrolled', count: funnel.enrolled, share: ofEnrolled(funnel.enrolled) },
      { stage: 'Passed every module', count: funnel.modulesPassed, share: ofEnrolled(funnel.modulesPassed) },
      {
        stage: 'Attended the skills lab (or needed none)',
        count: funnel.labAttended,
        share: ofEnrolled(funnel.labAttended),
      },
      { stage: 'Certified', count: funnel.certified, share: ofEnrolled(funnel.certified) },
    ],
    certificateRows: dashboard.certificatesPerMonth.map((month) => ({
      month: longMonth(month.month),
      count: month.count,
    })),
    certificateTotal: dashboard.certificatesPerMonth.reduce((sum, month) => sum + month.count, 0),
    passRateRows: dashboard.passRates.map((rate) => ({
      ...rate,
      passRate: percent(rate.passRate),
      itemAnalysis: `/admin/courses/${rate.courseId}/modules/${rate.moduleId}/item-analysis`,
    })),
    verificationRows: dashboard.verificationsPerMonth.map((month) => ({
      ...month,
      month: longMonth(month.month),
    })),
    verificationTotals: dashboard.verificationsPerMonth.reduce(
      (sum, month) => ({
        count: sum.count + month.count,
        valid: sum.valid + month.valid,
        notValid: sum.notValid + month.notValid,
        unknown: sum.unknown + month.unknown,
      }),
      { count: 0, valid: 0, notValid: 0, unknown: 0 },
    ),
    verifierRows: dashboard.verifiers.map((verifier) => ({
      name: verifier.name ?? 'No organisation (public checks)',
      organisationId: verifier.organisationId,
      count: verifier.count,
    })),
  };
}

/** The admin dashboard: charts drawn on the server with the numbers beside them. */
@ApiExcludeController()
@Controller('admin/dashboard')
@Roles('admin')
export class DashboardPagesController {
  constructor(private readonly dashboards: DashboardService) {}

  @Get()
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: unknown,
  ): Promise<void> {
    const form = await parseForm(DashboardQueryDto, query);
    const filter: DashboardFilter = form.ok ? form.value : {};
    const [dashboard, courses] = await Promise.all([
      this.dashboards.dashboard(filter),
      this.dashboards.courses(),
    ]);
    const values = form.ok
      ? { courseId: dashboard.courseId ?? '', from: dashboard.from, to: dashboard.to }
      : { ...this.dashboards.defaultPeriod(), ...(form.values as Record<string, string>) };
    await renderPage(
      request,
      reply,
      `${VIEWS}/dashboard.hbs`,
      {
        title: 'Dashboard',
        fields: form.ok ? {} : form.fields,
        formError: form.ok
          ? undefined
          : 'Some filters were not valid: showing the last twelve months of all courses.',
        values,
        courses: courses.map((course) => ({ ...course, selected: course.id === values.courseId })),
        scopeTitle: courses.find((course) => course.id === dashboard.courseId)?.title ?? 'All courses',
        ...dashboardModel(dashboard),
      },
      form.ok ? 200 : 400,
    );
  }
}
