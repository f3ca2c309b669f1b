import { IsIn, IsNumberString, IsOptional, IsString, MaxLength } from 'class-validator';
import { Trimmed } from '@academy/core';
import { QUESTION_DIFFICULTIES } from '../questions/question.entity';
import type { QuestionDifficulty } from '../questions/question.entity';
import { QUESTION_TYPES } from '../questions/question.types';
import type { QuestionType } from '../questions/question.types';

/** Bounds a field of the form; the question's own rules (lengths, choices, keys) are the bank's. */
const MAX = 5000;

/**
 * The add-question page's form: the type, the texts, up to six choices (`choice_a` … `choice_f`),
 * the ticked right ones (`correct`), the truth of a true/false statement, and a numeric answer
 * with its tolerance and unit.
 */
export class QuestionFormDto {
  @IsIn(QUESTION_TYPES, { message: 'Choose a question type.' })
  type!: QuestionType;

  @Trimmed() @IsOptional() @IsString() @MaxLength(MAX) prompt?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(MAX) explanation?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(MAX) reference?: string;
  /** Comma-separated. */
  @Trimmed() @IsOptional() @IsString() @MaxLength(MAX) tags?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(MAX) choice_a?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(MAX) choice_b?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(MAX) choice_c?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(MAX) choice_d?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(MAX) choice_e?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(MAX) choice_f?: string;
  /** One letter, or several for a multiple-answer question. */
  @IsOptional() @IsString({ each: true }) @MaxLength(1, { each: true }) correct?: string | string[];
  @IsOptional() @IsIn(['true', 'false'], { message: 'truth must be true or false' }) truth?: 'true' | 'false';
  @Trimmed() @IsOptional() @IsNumberString({}, { message: 'answer must be a number' }) answer?: string;
  @Trimmed() @IsOptional() @IsNumberString({}, { message: 'tolerance must be a number' }) tolerance?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(40) unit?: string;
  @IsOptional()
  @IsIn(QUESTION_DIFFICULTIES, { message: 'Choose easy, moderate or hard, or leave it unset.' })
  difficulty?: QuestionDifficulty;
  /** `switch-type`: show the fields of the chosen type (without a script), saving nothing. */
  @IsOptional() @IsIn(['save', 'switch-type']) intent?: 'save' | 'switch-type';
}
