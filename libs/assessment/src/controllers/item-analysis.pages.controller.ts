import { Controller, Get, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CoursesService } from '@academy/catalog';
import { Page, Roles, UuidParam } from '@academy/core';
import { ITEM_ANALYSIS_THRESHOLDS } from '../dto/item-analysis.dto';
import type { ItemFlag } from '../questions/item-analysis';
import { ItemAnalysisRow, QuestionBankService } from '../questions/question-bank.service';

const VIEWS = 'libs/assessment/views';

const FLAG_WORDS: Record<ItemFlag, string> = {
  too_easy: 'Too easy',
  too_hard: 'Too hard',
  negative_discrimination: 'Negative discrimination',
};

const percent = (share: number | null): string => (share === null ? '–' : `${Math.round(share * 100)}%`);

/** A row of the table as a person reads it: percentages, two decimals, flags in words. */
export function itemRow(item: ItemAnalysisRow, number: number): Record<string, unknown> {
  return {
    number,
    questionId: item.questionId,
    type: item.type.replace('_', '/'),
    prompt: item.prompt,
    replacesPrompt: item.replacesPrompt,
    // The item's history, once it has been in more than one version.
    versions:
      item.versions.length > 1
        ? item.versions.map((version) => ({
            number: version.versionNumber,
            status: version.versionStatus,
            retired: version.retiredAt !== null,
            edited: version.prompt !== item.prompt,
            responses: version.responses,
            difficulty: percent(version.difficulty),
            discrimination:
              version.discrimination === null ? '–' : version.discrimination.toFixed(2).replace('-', '−'),
          }))
        : [],
    retired: item.retiredAt !== null,
    responses: item.responses,
    answered: item.answered,
    difficulty: percent(item.difficulty),
    discrimination: item.discrimination === null ? '–' : item.discrimination.toFixed(2).replace('-', '−'),
    options: item.options?.map((option) => ({
      // True/false choices are named by their text alone.
      id: item.type === 'true_false' ? '' : option.id,
      text: option.text,
      correct: option.correct,
      share: percent(option.share),
    })),
    flagged: item.flags.length > 0,
    flags: item.flags.map((flag) => FLAG_WORDS[flag]),
    canRetire: item.flags.length > 0 && item.retiredAt === null,
  };
}

/** Item analysis of a module's bank, for admins: flagged questions retire in one click. */
@ApiExcludeController()
@Controller('admin/courses/:id/modules/:moduleId/item-analysis')
@Roles('admin')
export class ItemAnalysisPagesController {
  constructor(
    private readonly bank: QuestionBankService,
    private readonly courses: CoursesService,
  ) {}

  @Get()
  @Page(`${VIEWS}/item-analysis.hbs`)
  async show(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Query('retired') retired: unknown,
  ): Promise<Record<string, unknown>> {
    const analysis = await this.bank.itemAnalysis(id, moduleId);
    const course = await this.courses.getCourse(id);
    const rows = analysis.items.map((item, index) => itemRow(item, index + 1));
    const justRetired = analysis.items.find((item) => item.lineageId === retired);
    return {
      title: `Item analysis: ${analysis.moduleTitle ?? 'module'}`,
      course,
      courseId: id,
      moduleId,
      moduleTitle: analysis.moduleTitle ?? 'Module no longer in the course',
      attempts: analysis.attempts,
      partialCredit: analysis.partialCredit,
      rows,
      flaggedCount: rows.filter((row) => row.canRetire).length,
      thresholds: {
        minResponses: ITEM_ANALYSIS_THRESHOLDS.minResponsesToFlag,
        tooEasy: percent(ITEM_ANALYSIS_THRESHOLDS.tooEasyAbove),
        tooHard: percent(ITEM_ANALYSIS_THRESHOLDS.tooHardBelow),
      },
      notice: justRetired
        ? `Retired “${justRetired.prompt.slice(0, 120)}” in the draft: it leaves the course when the draft is published; learners on earlier versions and past attempts keep it.`
        : undefined,
    };
  }
}
