import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LintNote } from '@academy/catalog';
import type { AnswerKey, QuestionBody, QuestionType } from './question.types';

/** What only graders and reviewers see: the key, why it is right, where it is taught. */
export interface AnswerRecord {
  key: AnswerKey;
  explanation: string;
  reference: string;
}

/** How hard the author means a question to be (item analysis measures how hard it is). */
export const QUESTION_DIFFICULTIES = ['easy', 'moderate', 'hard'] as const;
export type QuestionDifficulty = (typeof QUESTION_DIFFICULTIES)[number];

/**
 * A question of a module's bank in one course version. Its lineage id follows the item across
 * versions (copies and edits keep it); only a draft version's items change. Retired questions
 * stay for the attempts that served them and leave the versions after.
 */
@Entity('question')
export class QuestionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'course_id', type: 'uuid' })
  courseId!: string;

  @Column({ name: 'course_version_id', type: 'uuid' })
  courseVersionId!: string;

  @Column({ name: 'lineage_id', type: 'uuid' })
  lineageId!: string;

  /** The lineage this item replaced (retired in the same version), if it is a replacement. */
  @Column({ name: 'replaces_lineage_id', type: 'uuid', nullable: true })
  replacesLineageId!: string | null;

  @Column({ type: 'text', nullable: true })
  difficulty!: QuestionDifficulty | null;

  @Column({ name: 'revised_at', type: 'timestamptz', nullable: true })
  revisedAt!: Date | null;

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

  /** The module whose objective the question measures: its own, or (in the pre-test's pool) the one it tests. */
  @Column({ name: 'objective_module_id', type: 'uuid', nullable: true })
  objectiveModuleId!: string | null;

  /** The objective it measures: its 1-based position among that module's objectives. */
  @Column({ type: 'integer', nullable: true })
  objective!: number | null;

  /** Why the author keeps an item-writing warning about it, by rule. */
  @Column({ name: 'lint_notes', type: 'jsonb' })
  lintNotes!: LintNote[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}
