import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AnswerKey, QuestionBody, QuestionType } from './question.types';

/** What only graders and reviewers see: the key, why it is right, where it is taught. */
export interface AnswerRecord {
  key: AnswerKey;
  explanation: string;
  reference: string;
}

/** A question of a module's bank. Retired questions stay for the attempts that served them. */
@Entity('question')
export class QuestionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'course_id', type: 'uuid' })
  courseId!: string;

  @Column({ name: 'module_id', type: 'uuid' })
  moduleId!: string;

  @Column({ type: 'text' })
  type!: QuestionType;

  @Column({ type: 'jsonb' })
  body!: QuestionBody;

  @Column({ name: 'answer_key', type: 'jsonb' })
  answerKey!: AnswerRecord;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}
