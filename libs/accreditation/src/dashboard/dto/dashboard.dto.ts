import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsOptional,
  IsUUID,
  Matches,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import type { Dashboard } from '../dashboard.service';

/** The longest period a dashboard covers: ten years of months. */
export const MAX_DASHBOARD_YEARS = 10;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day that exists (2026-02-30 does not). */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY.test(value)) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

@ValidatorConstraint({ name: 'calendarDay' })
class CalendarDay implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isCalendarDay(value);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a day that exists, as YYYY-MM-DD`;
  }
}

/** `to` is on or after `from`, and at most MAX_DASHBOARD_YEARS later. */
@ValidatorConstraint({ name: 'period' })
class WithinPeriod implements ValidatorConstraintInterface {
  validate(to: unknown, args: ValidationArguments): boolean {
    const from = (args.object as { from?: unknown }).from;
    if (!isCalendarDay(to) || !isCalendarDay(from)) {
      return true;
    }
    const limit = new Date(`${from}T00:00:00Z`);
    limit.setUTCFullYear(limit.getUTCFullYear() + MAX_DASHBOARD_YEARS);
    return to >= from && new Date(`${to}T00:00:00Z`) < limit;
  }

  defaultMessage(): string {
    return `to must be on or after from, and less than ${MAX_DASHBOARD_YEARS} years later`;
  }
}

export class DashboardQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One course; all courses when left out' })
  @IsOptional()
  @IsUUID('all', { message: 'courseId must be a course id (UUID)' })
  courseId?: string;

  @ApiPropertyOptional({
    example: '2026-01-01',
    description: 'First day (UTC); default the first day of the month eleven months ago',
  })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date (YYYY-MM-DD)' })
  @Validate(CalendarDay)
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last day (UTC), included; default today' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date (YYYY-MM-DD)' })
  @Validate(CalendarDay)
  @Validate(WithinPeriod)
  to?: string;
}

export class FunnelDto {
  /** Learners who enrolled in the period */
  enrolled!: number;

  /** Of those, who passed every module quiz */
  modulesPassed!: number;

  /** And attended the skills lab (or the course requires none) */
  labAttended!: number;

  /** And hold a certificate */
  certified!: number;
}

export class MonthCountDto {
  @ApiProperty({ example: '2026-03', description: 'UTC month' })
  month!: string;

  count!: number;
}

export class VerificationMonthDto extends MonthCountDto {
  valid!: number;

  /** Revoked, suspended or expired */
  notValid!: number;

  /** No such certificate */
  unknown!: number;
}

export class ModulePassRateDto {
  @ApiProperty({ format: 'uuid' })
  courseId!: string;

  courseTitle!: string;

  @ApiProperty({ format: 'uuid' })
  moduleId!: string;

  moduleTitle!: string;

  /** Learners with a graded attempt in the period */
  learners!: number;

  /** Of those, who passed */
  passed!: number;

  /** Graded attempts in the period */
  attempts!: number;

  /** passed / learners, 0 to 1 */
  passRate!: number;
}

export class OrganisationVerificationsDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null: checks without an organisation',
  })
  organisationId!: string | null;

  name!: string | null;

  count!: number;
}

export class DashboardDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  courseId!: string | null;

  @ApiProperty({ example: '2026-01-01' })
  from!: string;

  @ApiProperty({ example: '2026-12-31' })
  to!: string;

  funnel!: FunnelDto;

  certificatesPerMonth!: MonthCountDto[];

  passRates!: ModulePassRateDto[];

  verificationsPerMonth!: VerificationMonthDto[];

  /** Who verified most, top 10 */
  verifiers!: OrganisationVerificationsDto[];
}

export function toDashboardDto(dashboard: Dashboard): DashboardDto {
  return {
    courseId: dashboard.courseId,
    from: dashboard.from,
    to: dashboard.to,
    funnel: dashboard.funnel,
    certificatesPerMonth: dashboard.certificatesPerMonth,
    passRates: dashboard.passRates,
    verificationsPerMonth: dashboard.verificationsPerMonth,
    verifiers: dashboard.verifiers,
  };
}
