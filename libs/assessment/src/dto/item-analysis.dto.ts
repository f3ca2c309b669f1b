import { ApiProperty } from '@nestjs/swagger';
import {
  MIN_RESPONSES_TO_FLAG,
  NEGATIVE_DISCRIMINATION_BELOW,
  TOO_EASY_ABOVE,
  TOO_HARD_BELOW,
} from '../questions/item-analysis';
import type { ItemFlag } from '../questions/item-analysis';
import type { ItemAnalysis } from '../questions/question-bank.service';
import type { QuestionType } from '../questions/question.types';

export class OptionFrequencyDto {
  @ApiProperty({ example: 'b' })
  id!: string;

  text!: string;

  /** Part of the right answer */
  correct!: boolean;

  /** Attempts that picked it */
  count!: number;

  /** Of the attempts that served the question, 0 to 1 */
  share!: number;
}

/** An item's statistics in one version of the course. */
export class ItemVersionStatisticsDto {
  /** The course version number */
  version!: number;

  @ApiProperty({ enum: ['draft', 'published', 'archived'] })
  status!: string;

  @ApiProperty({ format: 'uuid', description: 'The item as it is in that version' })
  questionId!: string;

  prompt!: string;

  /** When retired in that version */
  retiredAt!: string | null;

  responses!: number;

  answered!: number;

  difficulty!: number | null;

  discrimination!: number | null;
}

export class ItemStatisticsDto {
  @ApiProperty({ format: 'uuid', description: 'The item in the newest version that has it' })
  questionId!: string;

  @ApiProperty({ format: 'uuid', description: 'The item across versions; statistics gather all of them' })
  lineageId!: string;

  /** The prompt of the item this one replaced */
  replacesPrompt!: string | null;

  /** The same statistics per version, oldest first */
  versions!: ItemVersionStatisticsDto[];

  type!: QuestionType;

  prompt!: string;

  /** When retired: no longer drawn, kept in past attempts */
  retiredAt!: string | null;

  /** Graded attempts that served the question */
  responses!: number;

  /** Of those, how many answered it */
  answered!: number;

  /** Share correct (mean credit), 0 to 1 */
  difficulty!: number | null;

  /** Point-biserial correlation with the rest of the attempt, −1 to 1 */
  discrimination!: number | null;

  /** Choice questions only */
  options!: OptionFrequencyDto[] | null;

  flags!: ItemFlag[];
}

export class ItemAnalysisThresholdsDto {
  @ApiProperty({ example: MIN_RESPONSES_TO_FLAG })
  minResponsesToFlag!: number;

  @ApiProperty({ example: TOO_EASY_ABOVE })
  tooEasyAbove!: number;

  @ApiProperty({ example: TOO_HARD_BELOW })
  tooHardBelow!: number;

  @ApiProperty({ example: NEGATIVE_DISCRIMINATION_BELOW })
  negativeDiscriminationBelow!: number;
}

export class ItemAnalysisDto {
  @ApiProperty({ format: 'uuid' })
  courseId!: string;

  @ApiProperty({ format: 'uuid' })
  moduleId!: string;

  moduleTitle!: string | null;

  /** Graded attempts analysed */
  attempts!: number;

  partialCredit!: boolean;

  thresholds!: ItemAnalysisThresholdsDto;

  items!: ItemStatisticsDto[];
}

export const ITEM_ANALYSIS_THRESHOLDS: ItemAnalysisThresholdsDto = {
  minResponsesToFlag: MIN_RESPONSES_TO_FLAG,
  tooEasyAbove: TOO_EASY_ABOVE,
  tooHardBelow: TOO_HARD_BELOW,
  negativeDiscriminationBelow: NEGATIVE_DISCRIMINATION_BELOW,
};

export function toItemAnalysisDto(analysis: ItemAnalysis): ItemAnalysisDto {
  return {
    courseId: analysis.courseId,
    moduleId: analysis.moduleId,
    moduleTitle: analysis.moduleTitle,
    attempts: analysis.attempts,
    partialCredit: analysis.partialCredit,
    thresholds: ITEM_ANALYSIS_THRESHOLDS,
    items: analysis.items.map((item) => ({
      questionId: item.questionId,
      lineageId: item.lineageId,
      replacesPrompt: item.replacesPrompt,
      versions: item.versions.map((version) => ({
        version: version.versionNumber,
        status: version.versionStatus,
        questionId: version.questionId,
        prompt: version.prompt,
        retiredAt: version.retiredAt?.toISOString() ?? null,
        responses: version.responses,
        answered: version.answered,
        difficulty: version.difficulty,
        discrimination: version.discrimination,
      })),
      type: item.type,
      prompt: item.prompt,
      retiredAt: item.retiredAt?.toISOString() ?? null,
      responses: item.responses,
      answered: item.answered,
      difficulty: item.difficulty,
      discrimination: item.discrimination,
      options: item.options,
      flags: item.flags,
    })),
  };
}
