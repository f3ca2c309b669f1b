import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { Database } from '@academy/core';
import { QuestionEntity } from './question.entity';

/** What an author may change of a draft's item. */
export type QuestionRevision = Pick<
  QuestionEntity,
  'type' | 'body' | 'answerKey' | 'tags' | 'difficulty' | 'objectiveModuleId' | 'objective' | 'lintNotes'
>;

@Injectable()
export class QuestionRepository {
  constructor(private readonly db: Database) {}

  private get questions() {
    return this.db.repository(QuestionEntity);
  }

  insert(question: Omit<QuestionEntity, 'id'> & { id?: string }): Promise<QuestionEntity> {
    return this.questions.save(this.questions.create(question));
  }

  /** The questions a version's module quiz may draw from (not retired), oldest first. */
  findActive(courseVersionId: string, moduleId: string): Promise<QuestionEntity[]> {
    return this.questions.find({
      where: { courseVersionId, moduleId, retiredAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Every item of a version's module bank, retired ones too, oldest first. */
  findOfVersion(courseVersionId: string, moduleId: string): Promise<QuestionEntity[]> {
    return this.questions.find({
      where: { courseVersionId, moduleId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Every item of a module's bank in every version, retired ones too (item analysis). */
  findAllOfModule(courseId: string, moduleId: string): Promise<QuestionEntity[]> {
    return this.questions.find({
      where: { courseId, moduleId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Every active question of a version: its modules' banks and the pre-test's pool. */
  findActiveForVersion(courseVersionId: string): Promise<QuestionEntity[]> {
    return this.questions.find({
      where: { courseVersionId, retiredAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Every item of a version, retired ones too, in bank order (for comparing versions). */
  findAllOfVersion(courseVersionId: string): Promise<QuestionEntity[]> {
    return this.questions.find({
      where: { courseVersionId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Questions by id, retired or not (past attempts keep theirs). */
  findByIds(ids: string[]): Promise<QuestionEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.questions.findBy({ id: In(ids) });
  }

  /**
   * Questions by id, each saying whether it is frozen: its version is no longer a draft, so the
   * version guard (the trigger on this table) refuses any change to it.
   */
  async findByIdsSayingFrozen(ids: string[]): Promise<{ question: QuestionEntity; frozen: boolean }[]> {
    if (ids.length === 0) {
      return [];
    }
    const { entities, raw } = await this.questions
      .createQueryBuilder('q')
      .addSelect(
        `EXISTS (SELECT 1 FROM course_version v WHERE v.id = q.course_version_id AND v.status <> 'draft')`,
        'frozen',
      )
      .where('q.id IN (:...ids)', { ids })
      .getRawAndEntities<{ q_id: string; frozen: boolean }>();
    const frozen = new Set(raw.filter((row) => row.frozen).map((row) => row.q_id));
    return entities.map((question) => ({ question, frozen: frozen.has(question.id) }));
  }

  findById(id: string): Promise<QuestionEntity | null> {
    return this.questions.findOneBy({ id });
  }

  /** A version's item of a lineage. */
  findInVersion(courseVersionId: string, lineageId: string): Promise<QuestionEntity | null> {
    return this.questions.findOneBy({ courseVersionId, lineageId });
  }

  /**
   * Rewrites a draft's active item; false when it is retired or gone. The version guard refuses
   * it (question_version_frozen) when the item's version is no longer a draft.
   */
  async revise(id: string, revision: QuestionRevision, now: Date): Promise<boolean> {
    const result = await this.questions.update({ id, retiredAt: IsNull() }, { ...revision, revisedAt: now });
    return (result.affected ?? 0) > 0;
  }

  /** Retires a draft's item (the guard refuses a frozen version's); false when already retired. */
  async retire(id: string, now: Date): Promise<boolean> {
    const result = await this.questions.update({ id, retiredAt: IsNull() }, { retiredAt: now });
    return (result.affected ?? 0) > 0;
  }

  async countForCourse(courseId: string): Promise<number> {
    return this.questions.countBy({ courseId });
  }
}
