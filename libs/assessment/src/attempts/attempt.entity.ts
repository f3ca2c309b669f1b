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

  @Column({ name: 'late_answers', type: 'jsonb', nullable: true })
  lateAnswers!: Record<string, Response> | null;

  @Column({ type: 'integer', nullable: true })
  score!: number | null;

  @Column({ type: 'boolean', nullable: true })
  passed!: boolean | null;
}
