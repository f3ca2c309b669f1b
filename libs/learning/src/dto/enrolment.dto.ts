import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import type { EnrolmentSummary } from '../enrolments/learning.service';

export class EnrolDto {
  @ApiProperty({ description: 'Id or slug of a published course', example: 'bone-marrow-harvesting' })
  @IsString({ message: 'courseId must be a course id or slug' })
  @MaxLength(100, { message: 'courseId must be at most 100 characters' })
  @Matches(/^[a-z0-9-]+$/i, { message: 'courseId must be a course id or slug' })
  courseId!: string;
}

export class EnrolmentDto {
  @ApiProperty({ format: 'uuid' })
  courseId!: string;

  slug!: string;

  title!: string;

  /** The course version the learner is enrolled in */
  version!: number;

  @ApiProperty({ description: 'Whole percentage of the course done', minimum: 0, maximum: 100 })
  progress!: number;

  lessonsSeen!: number;

  lessonsTotal!: number;

  quizzesPassed!: number;

  quizzesTotal!: number;

  evaluated!: boolean;

  creditClaimed!: boolean;

  /** The course requires a hands-on skills lab */
  labRequired!: boolean;

  /** The skills-lab checklist is signed at the required levels */
  labCompleted!: boolean;

  enrolledAt!: string;

  /** Required before the first module opens */
  disclosuresAcknowledgedAt!: string | null;
}

export class EnrolmentListDto {
  items!: EnrolmentDto[];
}

export function toEnrolmentDto(summary: EnrolmentSummary): EnrolmentDto {
  return {
    courseId: summary.course.courseId,
    slug: summary.course.slug,
    title: summary.course.content.title,
    version: summary.course.number,
    progress: summary.progress,
    lessonsSeen: summary.lessonsSeen,
    lessonsTotal: summary.lessonsTotal,
    quizzesPassed: summary.quizzesPassed,
    quizzesTotal: summary.quizzesTotal,
    evaluated: summary.evaluated,
    creditClaimed: summary.claimed,
    labRequired: summary.labRequired,
    labCompleted: summary.labCompleted,
    enrolledAt: summary.enrolment.enrolledAt.toISOString(),
    disclosuresAcknowledgedAt: summary.enrolment.disclosuresAcknowledgedAt?.toISOString() ?? null,
  };
}
