import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { Trimmed } from '@academy/core';
import type { CohortDetail, UploadReport } from '../cohorts.service';
import type { Cohort } from '../cohort.repository';

/** The longest list a request may carry: 2000 lines of an address and a name fit well inside. */
export const MEMBER_LIST_MAX_CHARS = 500_000;

export class NewCohortDto {
  @ApiProperty({ minLength: 1, maxLength: 120, example: 'St Mary’s fellows 2027' })
  @Trimmed()
  @Length(1, 120, { message: 'name must be given, in up to 120 characters' })
  name!: string;

  @ApiProperty({ format: 'uuid', description: 'A published course.' })
  @IsUUID('all', { message: 'courseId must be the id of a published course: choose one' })
  courseId!: string;
}

export class CohortMemberListDto {
  @ApiProperty({
    maxLength: MEMBER_LIST_MAX_CHARS,
    description:
      'CSV text or a pasted list: one person a line, an e-mail address and optionally a name (a header row with “email” and “name” is optional). Up to 2000 people.',
    example: 'email,name\nana.lopez@example.org,Dr Ana Lopez\n',
  })
  @IsString({ message: 'list must be text: one person a line' })
  @MaxLength(MEMBER_LIST_MAX_CHARS, { message: 'list must hold at most 2000 people: split it' })
  list!: string;
}

export class CohortDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  name!: string;
  @ApiProperty({ format: 'uuid' }) courseId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  memberCount!: number;
}

export class CohortPageDto {
  items!: CohortDto[];
  total!: number;
}

export class RowReportDto {
  /** The line of the list, counting from 1 (a header row included). */
  line!: number;
  email!: string | null;
  @ApiProperty({ enum: ['enrolled', 'already_enrolled', 'invited', 'already_invited', 'duplicate', 'error'] })
  outcome!: string;
  @ApiProperty({ example: 'line 4: “jane.doe@” is not an e-mail address.' }) message!: string;
}

export class UploadReportDto {
  @ApiProperty({ format: 'uuid' }) cohortId!: string;
  rows!: RowReportDto[];
  @ApiProperty({
    description: 'How many lines had each outcome.',
    type: 'object',
    additionalProperties: { type: 'number' },
  })
  counts!: Record<string, number>;
}

export class CohortMemberDto {
  email!: string;
  fullName!: string | null;
  @ApiProperty({ enum: ['invited', 'enrolled', 'in_progress', 'completed', 'certified'] }) stage!: string;
  progress!: number;
}

export class CohortDetailDto extends CohortDto {
  courseTitle!: string;
  members!: CohortMemberDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) counts!: Record<string, number>;
}

export function toCohortDto(cohort: Cohort): CohortDto {
  return {
    id: cohort.id,
    name: cohort.name,
    courseId: cohort.courseId,
    createdAt: cohort.createdAt.toISOString(),
    memberCount: cohort.memberCount,
  };
}

export function toCohortDetailDto(detail: CohortDetail): CohortDetailDto {
  return {
    ...toCohortDto(detail.cohort),
    courseTitle: detail.course.content.title,
    members: detail.members.map((member) => ({
      email: member.email,
      fullName: member.fullName,
      stage: member.stage,
      progress: member.progress,
    })),
    counts: detail.counts,
  };
}

export function toUploadReportDto(report: UploadReport): UploadReportDto {
  return { cohortId: report.cohortId, rows: report.rows, counts: report.counts };
}
