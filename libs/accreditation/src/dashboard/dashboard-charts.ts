import type { Dashboard } from './dashboard.service';
import { barChart, columnChart, funnelChart } from './svg-charts';

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const LONG_DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

const monthDate = (month: string): Date => new Date(`${month}-01T00:00:00Z`);
/**
 * Columns of a month series: "Mar" under each, and the year under the first and each January,
 * so twelve labels fit side by side.
 */
export function monthColumns(series: { month: string; count: number }[]) {
  return series.map((entry, index) => ({
    label: MONTH_NAMES[Number(entry.month.slice(5, 7)) - 1]!,
    value: entry.count,
    ...(index === 0 || entry.month.endsWith('-01') ? { note: entry.month.slice(0, 4) } : {}),
  }));
}
/** "March 2026" in a table. */
export const longMonth = (month: string): string => LONG_MONTH.format(monthDate(month));
/** "1 March 2026". */
export const longDay = (day: string): string => LONG_DAY.format(new Date(`${day}T00:00:00Z`));

const percent = (share: number): string => `${Math.round(share * 100)}%`;
const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** The busiest month of a series, for a chart's description. */
function busiest(series: { month: string; count: number }[]): string {
  const top = series.reduce<{ month: string; count: number } | null>(
    (best, month) => (month.count > (best?.count ?? 0) ? month : best),
    null,
  );
  return top ? `; the most in ${longMonth(top.month)} (${top.count})` : '';
}

export interface DashboardCharts {
  funnel: string;
  certificates: string;
  passRates: string;
  verifications: string;
}

/**
 * The dashboard's four charts as SVG markup, each described in words with its key numbers
 * (the page also shows every number in a table beside the chart).
 */
export function dashboardCharts(dashboard: Dashboard): DashboardCharts {
  const { funnel } = dashboard;
  const period = `from ${longDay(dashboard.from)} to ${longDay(dashboard.to)}`;
  const certificates = dashboard.certificatesPerMonth.reduce((sum, month) => sum + month.count, 0);
  const checks = dashboard.verificationsPerMonth.reduce((sum, month) => sum + month.count, 0);
  const rates = [...dashboard.passRates].sort((a, b) => a.passRate - b.passRate);
  const lowest = rates[0];
  const highest = rates.at(-1);
  return {
    funnel: funnelChart({
      id: 'funnel-chart',
      title: 'Completion funnel',
      description:
        funnel.enrolled === 0
          ? `Nobody enrolled ${period}.`
          : `Of ${plural(funnel.enrolled, 'learner', 'learners')} who enrolled ${period}, ${funnel.modulesPassed} passed every module, ${funnel.labAttended} also attended the skills lab (or needed none) and ${funnel.certified} were certified.`,
      stages: [
        { label: 'Enrolled', value: funnel.enrolled },
        { label: 'Modules passed', value: funnel.modulesPassed },
        { label: 'Lab attended', value: funnel.labAttended },
        { label: 'Certified', value: funnel.certified },
      ],
    }),
    certificates: columnChart({
      id: 'certificates-chart',
      title: 'Certificates issued per month',
      description: `${plural(certificates, 'certificate', 'certificates')} issued ${period}${busiest(dashboard.certificatesPerMonth)}.`,
      data: monthColumns(dashboard.certificatesPerMonth),
    }),
    passRates: barChart({
      id: 'pass-rates-chart',
      title: 'Pass rate per module',
      description:
        lowest && highest
          ? `Share of learners with a graded attempt ${period} who passed the module quiz: from ${percent(lowest.passRate)} (${lowest.moduleTitle}) to ${percent(highest.passRate)} (${highest.moduleTitle}).`
          : `No graded quiz attempts ${period}.`,
      data: dashboard.passRates.map((rate) => ({
        label: rate.moduleTitle,
        ...(dashboard.courseId ? {} : { group: rate.courseTitle }),
        value: Math.round(rate.passRate * 100),
        valueLabel: percent(rate.passRate),
      })),
      max: 100,
    }),
    verifications: columnChart({
      id: 'verifications-chart',
      title: 'Verifications per month',
      description: `${plural(checks, 'certificate check', 'certificate checks')} by verifiers ${period}${busiest(dashboard.verificationsPerMonth)}.`,
      data: monthColumns(dashboard.verificationsPerMonth),
    }),
  };
}
