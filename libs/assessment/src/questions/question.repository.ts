import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { Database } from '@academy/core';
import { QuestionEntity } from './question.entity';

@Injectable()
export class QuestionRepository {
  constructor(private readonly db: Database) {}

  private get questions() {
    return this.db.repository(QuestionEntity);
  }

  insert(question: Omit<QuestionEntity, 'id'> & { id?: string }): Promise<QuestionEntity> {
    return this.questions.save(this.questions.create(question));
  }

  /** The questions a module's quiz may draw from (not retired), oldest first. */
  findActive(courseId: string, moduleId: string): Promise<QuestionEntity[]> {
    return this.questions.find({
      where: { courseId, moduleId, retiredAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Every question of a module's bank, retired ones too (item analysis covers past attempts). */
  findAllOfModule(courseId: string, moduleId: string): Promise<QuestionEntity[]> {
    return this.questions.find({
      where: { courseId, moduleId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Every active question of a course, for the pre-test. */
  findActiveForCourse(courseId: string): Promise<QuestionEntity[]> {
    return this.questions.find({
      where: { courseId, retiredAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Questions by id, retired or not (past attempts keep theirs). */
  findByIds(ids: string[]): Promise<QuestionEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.questions.findBy({ id: In(ids) });
  }

  findById(id: string): Promise<QuestionEntity | null> {
    return this.questions.findOneBy({ id });
  }

  async retire(id: string, now: Date): Promise<boolean> {
    const result = await this.questions.update({ id, retiredAt: IsNull() }, { retiredAt: now });
    return (result.affected ?? 0) > 0;
  }

  async countForCourse(courseId: string): Promise<number> {
    return this.questions.countBy({ courseId });
  }
}
