import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Response } from '../questions/question.types';
import type { ServedQuestion } from './served-choices';

export type { ServedQuestion } from './served-choices';

export type AttemptStatus = 'open' | 'submitted' | 'expired';

@Entity('quiz_attempt')
export class AttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'enrolment_id', type: 'uuid' })
  enrolmentId!: string;

  /** The learner (the enrolment's), so saving an answer checks the owner in its one statement. */
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** The course version it was drawn from and is graded by: the enrolment's when it started. */
  @Column({ name: 'course_version_id', type: 'uuid' })
  courseVersionId!: string;

  @Column({ name: 'module_id', type: 'uuid' })
  moduleId!: string;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'text' })
  status!: AttemptStatus;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'jsonb' })
  served!: ServedQuestion[];

  @Column({ type: 'jsonb' })
  answers!: Record<string, Response>;

  /**
   * Answers as the learner gave them, one by one, in the ids this attempt shows (null: cleared),
   * newer than `answers` for their questions; checked and moved into `answers` when it closes.
   */
  @Column({ type: 'jsonb' })
  drafts!: Record<string, unknown>;

  /** Questions the learner flagged to come back to. */
  @Column({ type: 'jsonb' })
  flagged!: string[];

  @Column({ name: 'late_answers', type: 'jsonb', nullable: true })
  lateAnswers!: Record<string, Response> | null;

  @Column({ type: 'integer', nullable: true })
  score!: number | null;

  @Column({ type: 'boolean', nullable: true })
  passed!: boolean | null;
}
