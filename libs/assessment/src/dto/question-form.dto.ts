import { IsIn, IsInt, IsNumberString, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Type } from 'class-transformer';
import { Trimmed } from '@academy/core';
import { QUESTION_DIFFICULTIES } from '../questions/question.entity';
import type { QuestionDifficulty } from '../questions/question.entity';
import { QUESTION_TYPES } from '../questions/question.types';
import type { QuestionType } from '../questions/question.types';

/** Bounds a field of the form; the question's own rules (lengths, choices, keys) are the bank's. */
const MAX = 5000;
/** The longest explanation of a kept warning. */
const NOTE_MAX = 2000;

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
  /** The objective measured, as `<module id>:<position>`; empty when none is chosen yet. */
  @IsOptional()
  @Matches(/^([0-9a-f-]{36}:[1-9]\d?)?$/, { message: 'Choose one of the objectives listed.' })
  objective?: string;
  /** Why the author keeps each item-writing warning (one field per rule; empty: not explained). */
  @Trimmed() @IsOptional() @IsString() @MaxLength(NOTE_MAX) note_key_longest?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(NOTE_MAX) note_all_none_of_above?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(NOTE_MAX) note_negative_stem?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(NOTE_MAX) note_absolute_distractor?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(NOTE_MAX) note_option_length?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(NOTE_MAX) note_no_objective?: string;
  /** `switch-type`: show the fields of the chosen type (without a script), saving nothing. */
  @IsOptional() @IsIn(['save', 'switch-type']) intent?: 'save' | 'switch-type';
}

/** Why the author keeps each warning about the bank as a whole (one field per rule), with the draft revision seen. */
export class BankNotesFormDto {
  @Type(() => Number) @IsInt({ message: 'revision is missing: reload the page.' }) revision!: number;
  @Trimmed() @IsOptional() @IsString() @MaxLength(NOTE_MAX) note_fixed_key_count?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(NOTE_MAX) note_bank_too_small?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(NOTE_MAX) note_objective_uncovered?: string;
  @Trimmed() @IsOptional() @IsString() @MaxLength(NOTE_MAX) note_pretest_pool?: string;
}
