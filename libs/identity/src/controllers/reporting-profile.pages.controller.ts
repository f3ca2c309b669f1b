import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  AfterPost,
  Authenticated,
  CERTIFYING_BOARDS,
  formProblem,
  FormWithFieldErrors,
  knownLicenceShapes,
  licenceNumberShape,
  MONTH_NAMES,
  Page,
  parseForm,
  ShowPage,
  US_STATE_NAMES,
} from '@academy/core';
import type { SeeOther } from '@academy/core';
import { CurrentUser } from '../auth/current-principal.decorator';
import { UserPrincipal } from '../auth/principal';
import {
  BIRTH_DAYS,
  BIRTH_MONTHS,
  BLANK_BOARD_ROWS,
  BLANK_LICENCE_ROWS,
  ReportingProfileFormDto,
} from '../dto/reporting-profile-form.dto';
import { asReported } from '../reporting/as-reported';
import { ReportingProfileService } from '../reporting/reporting-profile.service';
import type { ReportingProfile, ReportingProfileUpdate } from '../reporting/reporting-profile.types';

const VIEW = 'libs/identity/views/reporting-profile.hbs';
interface LicenceRow {
  state: string;
  number: string;
}
interface BoardRow {
  board: string;
  boardId: string;
  consent: boolean;
}
/** The form as the person sees it: what is kept, or what they sent with its problems. */
interface FormState {
  birthMonth: string;
  birthDay: string;
  licences: LicenceRow[];
  boards: BoardRow[];
  fields: Record<string, string[]>;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const rows = (value: unknown): string[] =>
  value === undefined ? [] : (Array.isArray(value) ? (value as unknown[]) : [value]).map(text);

/** The form's rows as sent (before checking), so a refused form shows what was typed. */
function sentState(body: unknown): Omit<FormState, 'fields'> {
  const raw = (body ?? {}) as Record<string, unknown>;
  const states = rows(raw.licenceState);
  const numbers = rows(raw.licenceNumber);
  const removedLicences = new Set(rows(raw.removeLicence));
  const boards = rows(raw.board);
  const boardIds = rows(raw.boardId);
  const consents = new Set(rows(raw.consent));
  const removedBoards = new Set(rows(raw.removeBoard));
  return {
    birthMonth: text(raw.birthMonth),
    birthDay: text(raw.birthDay),
    licences: states
      .map((state, index) => ({ state, number: numbers[index] ?? '', index }))
      .filter(
        (row) => !removedLicences.has(String(row.index)) && (row.state !== '' || row.number.trim() !== ''),
      )
      .map(({ state, number }) => ({ state, number })),
    boards: boards
      .map((board, index) => ({
        board,
        boardId: boardIds[index] ?? '',
        consent: consents.has(String(index)),
        index,
      }))
      .filter(
        (row) => !removedBoards.has(String(row.index)) && (row.board !== '' || row.boardId.trim() !== ''),
      )
      .map(({ board, boardId, consent }) => ({ board, boardId, consent })),
  };
}

/** The edit the form asks for: the same the API takes. */
function updateOf(state: Omit<FormState, 'fields'>): ReportingProfileUpdate {
  return {
    birthDate: state.birthMonth === '' ? null : `${state.birthMonth}/${state.birthDay}`,
    licences: state.licences.map((row) => ({ jurisdiction: row.state, number: row.number })),
    boards: state.boards,
  };
}

/** "Reporting profile": date of birth (month and day), licences and board IDs with consent, and what PARS receives. */
@ApiExcludeController()
@Controller('me/reporting-profile')
@Authenticated()
export class ReportingProfilePagesController {
  constructor(private readonly profiles: ReportingProfileService) {}

  @Get()
  @Page(VIEW)
  async page(
    @CurrentUser() user: UserPrincipal,
    @Query('saved') saved: unknown,
  ): Promise<Record<string, unknown>> {
    const profile = await this.profiles.profile(user.userId);
    return {
      ...model(profile, keptState(profile)),
      notice: saved === '1' ? 'Reporting profile saved.' : undefined,
    };
  }

  @Post()
  @FormWithFieldErrors()
  @AfterPost()
  async save(@CurrentUser() user: UserPrincipal, @Body() body: unknown): Promise<SeeOther> {
    const sent = sentState(body);
    const refuse = async (fields: Record<string, string[]>): Promise<never> => {
      throw new ShowPage(VIEW, model(await this.profiles.profile(user.userId), { ...sent, fields }));
    };
    const form = await parseForm(ReportingProfileFormDto, body);
    if (!form.ok) {
      return refuse(form.fields);
    }
    if ((sent.birthMonth === '') !== (sent.birthDay === '')) {
      return refuse({ birthDate: ['Choose both the month and the day of your birth, or neither.'] });
    }
    try {
      await this.profiles.update(user.userId, updateOf(sent));
    } catch (error) {
      return refuse(formProblem(error).fields);
    }
    return { url: '/me/reporting-profile?saved=1' };
  }
}

function keptState(profile: ReportingProfile): FormState {
  return {
    birthMonth: profile.birthMonth === null ? '' : String(profile.birthMonth).padStart(2, '0'),
    birthDay: profile.birthDay === null ? '' : String(profile.birthDay).padStart(2, '0'),
    licences: profile.licences.map((licence) => ({ state: licence.jurisdiction, number: licence.number })),
    boards: profile.boards.map((membership) => ({
      board: membership.board,
      boardId: membership.boardId,
      consent: membership.consentedAt !== null,
    })),
    fields: {},
  };
}

/** The page: the form (kept values, or what was sent with its problems by row) and what PARS receives now. */
function model(profile: ReportingProfile, state: FormState): Record<string, unknown> {
  const { fields } = state;
  const licenceRows = [
    ...state.licences,
    ...Array.from({ length: BLANK_LICENCE_ROWS }, () => ({ state: '', number: '' })),
  ];
  const boardRows = [
    ...state.boards,
    ...Array.from({ length: BLANK_BOARD_ROWS }, () => ({ board: '', boardId: '', consent: false })),
  ];
  return {
    title: 'Reporting profile',
    months: BIRTH_MONTHS.map((value, index) => ({
      value,
      name: MONTH_NAMES[index],
      selected: value === state.birthMonth,
    })),
    days: BIRTH_DAYS.map((value) => ({
      value,
      name: String(Number(value)),
      selected: value === state.birthDay,
    })),
    birthErrors: [...(fields.birthDate ?? []), ...(fields.birthMonth ?? []), ...(fields.birthDay ?? [])],
    licences: licenceRows.map((row, index) => ({
      index,
      rowNumber: index + 1,
      stateId: `licenceState-${index}`,
      numberId: `licenceNumber-${index}`,
      number: row.number,
      blank: index >= state.licences.length,
      states: Object.entries(US_STATE_NAMES).map(([code, name]) => ({
        code,
        name,
        selected: code === row.state,
      })),
      numberHint: row.state && US_STATE_NAMES[row.state] ? licenceNumberShape(row.state) : null,
      stateErrors: fields[`licences.${index}.jurisdiction`],
      numberErrors: fields[`licences.${index}.number`],
    })),
    licenceShapes: knownLicenceShapes(),
    licenceErrors: [
      ...(fields.licenceState ?? []),
      ...(fields.licenceNumber ?? []),
      ...(fields.licences ?? []),
    ],
    boards: boardRows.map((row, index) => {
      const board = CERTIFYING_BOARDS.find((candidate) => candidate.code === row.board);
      return {
        index,
        rowNumber: index + 1,
        boardSelectId: `board-${index}`,
        boardIdId: `boardId-${index}`,
        boardId: row.boardId,
        consent: row.consent,
        blank: index >= state.boards.length,
        choices: CERTIFYING_BOARDS.map((choice) => ({
          code: choice.code,
          name: choice.name,
          idShape: choice.idShape,
          selected: choice.code === row.board,
        })),
        idHint: board
          ? `An ${board.code} ID is ${board.idShape}.`
          : 'Choose the board first; its ID is digits only.',
        boardErrors: fields[`boards.${index}.board`],
        idErrors: fields[`boards.${index}.boardId`],
      };
    }),
    boardShapes: CERTIFYING_BOARDS.map((board) => ({ code: board.code, idShape: board.idShape })),
    boardErrors: [...(fields.board ?? []), ...(fields.boardId ?? []), ...(fields.boards ?? [])],
    reported: asReported(profile),
    formError:
      Object.keys(fields).length > 0
        ? 'Nothing was saved: please correct the fields marked below.'
        : undefined,
  };
}
