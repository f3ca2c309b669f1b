import { ApiProperty } from '@nestjs/swagger';
import {
  ITEM_FLAGS,
  MIN_RESPONSES_TO_FLAG,
  NEGATIVE_DISCRIMINATION_BELOW,
  TOO_EASY_ABOVE,
  TOO_HARD_BELOW,
} from '../questions/item-analysis';
import type { ItemFlag } from '../questions/item-analysis';
import type { ItemAnalysis } from '../questions/question-bank.service';
import { QUESTION_TYPES } from '../questions/question.types';
import type { QuestionType } from '../questions/question.types';

export class OptionFrequencyDto {
  @ApiProperty({ example: 'b' })
  id!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty({ description: 'Part of the right answer' })
  correct!: boolean;

  @ApiProperty({ description: 'Attempts that picked it' })
  count!: number;

  @ApiProperty({ description: 'Of the attempts that served the question, 0 to 1' })
  share!: number;
}

/** An item's statistics in one version of the course. */
export class ItemVersionStatisticsDto {
  @ApiProperty({ description: 'The course version number' })
  version!: number;

  @ApiProperty({ enum: ['draft', 'published', 'archived'] })
  status!: string;

  @ApiProperty({ format: 'uuid', description: 'The item as it is in that version' })
  questionId!: string;

  @ApiProperty()
  prompt!: string;

  @ApiProperty({ nullable: true, description: 'When retired in that version' })
  retiredAt!: string | null;

  @ApiProperty()
  responses!: number;

  @ApiProperty()
  answered!: number;

  @ApiProperty({ nullable: true })
  difficulty!: number | null;

  @ApiProperty({ nullable: true })
  discrimination!: number | null;
}

export class ItemStatisticsDto {
  @ApiProperty({ format: 'uuid', description: 'The item in the newest version that has it' })
  questionId!: string;

  @ApiProperty({ format: 'uuid', description: 'The item across versions; statistics gather all of them' })
  lineageId!: string;

  @ApiProperty({ nullable: true, description: 'The prompt of the item this one replaced' })
  replacesPrompt!: string | null;

  @ApiProperty({
    type: [ItemVersionStatisticsDto],
    description: 'The same statistics per version, oldest first',
  })
  versions!: ItemVersionStatisticsDto[];

  @ApiProperty({ enum: QUESTION_TYPES })
  type!: QuestionType;

  @ApiProperty()
  prompt!: string;

  @ApiProperty({ nullable: true, description: 'When retired: no longer drawn, kept in past attempts' })
  retiredAt!: string | null;

  @ApiProperty({ description: 'Graded attempts that served the question' })
  responses!: number;

  @ApiProperty({ description: 'Of those, how many answered it' })
  answered!: number;

  @ApiProperty({ nullable: true, description: 'Share correct (mean credit), 0 to 1' })
  difficulty!: number | null;

  @ApiProperty({
    nullable: true,
    description: 'Point-biserial correlation with the rest of the attempt, −1 to 1',
  })
  discrimination!: number | null;

  @ApiProperty({ type: [OptionFrequencyDto], nullable: true, description: 'Choice questions only' })
  options!: OptionFrequencyDto[] | null;

  @ApiProperty({ enum: ITEM_FLAGS, isArray: true })
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

  @ApiProperty({ nullable: true })
  moduleTitle!: string | null;

  @ApiProperty({ description: 'Graded attempts analysed' })
  attempts!: number;

  @ApiProperty()
  partialCredit!: boolean;

  @ApiProperty({ type: ItemAnalysisThresholdsDto })
  thresholds!: ItemAnalysisThresholdsDto;

  @ApiProperty({ type: [ItemStatisticsDto] })
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
