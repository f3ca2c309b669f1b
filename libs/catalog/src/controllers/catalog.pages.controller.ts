import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  APP_CONFIG,
  boardByCode,
  dateInWords,
  dateWithZone,
  Page,
  pageNumberOf,
  pagination,
  parseForm,
  Public,
  usStateName,
} from '@academy/core';
import type { AppConfig } from '@academy/core';
import { CREDIT_TYPES } from '../content/course-content';
import { relevantRelationships } from '../content/disclosure-rules';
import { renderMarkdown } from '../content/markdown';
import { CatalogService } from '../courses/catalog.service';
import { CatalogQueryDto, toCatalogItemDto, toCourseDetailDto } from '../dto/catalog.dto';
import { courseKey } from './course-key.pipe';

const VIEWS = 'libs/catalog/views';
const PAGE_SIZE = 12;

const KIND_LABELS: Record<string, string> = {
  anatomy: 'Anatomy',
  extraction: 'Extraction',
  processing: 'Processing',
  injection: 'Injection',
  other: 'Other',
};

/**
 * "1 September 2026" for a calendar date of the course document ("2026-09-01"): a day on the
 * calendar, not a moment, so the same in every reader's zone.
 */
function calendarDateInWords(date: string | null): string | null {
  const day = new Date(`${date}T00:00:00Z`);
  return date === null || Number.isNaN(day.getTime()) ? date : dateInWords(day, { zone: 'UTC' });
}

/** A board's MOC award as a physician reads it: the board's full name, the points, the types in words. */
function mocInWords(entry: { board: string; points: number; types: string[] }) {
  const board = boardByCode(entry.board);
  return {
    board: entry.board,
    boardName: board?.name ?? entry.board,
    points: entry.points,
    pointsWord: entry.points === 1 ? 'point' : 'points',
    types: entry.types
      .map((type) => board?.mocTypes.find((known) => known.code === type)?.label ?? type)
      .join(', '),
  };
}

/** Licensure topics grouped by state, states in alphabetical order of their names. */
function licensureByState(topics: { jurisdiction: string; topic: string }[]) {
  const byState = new Map<string, string[]>();
  for (const { jurisdiction, topic } of topics) {
    const state = usStateName(jurisdiction);
    byState.set(state, [...(byState.get(state) ?? []), topic]);
  }
  return [...byState.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([state, stateTopics]) => ({ state, topics: stateTopics }));
}

@ApiExcludeController()
@Controller('courses')
export class CatalogPagesController {
  constructor(
    private readonly catalog: CatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @Page(`${VIEWS}/catalog.hbs`)
  async list(@Query() rawQuery: Record<string, unknown>): Promise<Record<string, unknown>> {
    const form = await parseForm(CatalogQueryDto, {
      ...rawQuery,
      page: undefined,
      limit: undefined,
      offset: undefined,
    });
    const filter = form.ok ? form.value : { limit: PAGE_SIZE, offset: 0 };
    const pageNumber = pageNumberOf(rawQuery.page);
    const page = await this.catalog.list({
      ...filter,
      limit: PAGE_SIZE,
      offset: (pageNumber - 1) * PAGE_SIZE,
    });
    const query = {
      ...(filter.q ? { q: filter.q } : {}),
      ...(filter.creditType ? { creditType: filter.creditType } : {}),
      ...(filter.hasSkillsLab !== undefined ? { hasSkillsLab: String(filter.hasSkillsLab) } : {}),
    };
    const link = (n: number): string =>
      `/courses?${new URLSearchParams({ ...query, page: String(n) }).toString()}`;
    return {
      title: 'Course catalog',
      query,
      fields: form.ok ? {} : form.fields,
      creditTypes: CREDIT_TYPES.map((type) => ({ type, selected: type === filter.creditType })),
      skillsLabChoices: [
        { value: '', label: 'Any format', selected: filter.hasSkillsLab === undefined },
        { value: 'true', label: 'With hands-on skills lab', selected: filter.hasSkillsLab === true },
        { value: 'false', label: 'Online only', selected: filter.hasSkillsLab === false },
      ],
      total: page.total,
      courses: page.rows.map((row) => {
        const item = toCatalogItemDto(row);
        return {
          ...item,
          minutes: row.content.modules.reduce((sum, module) => sum + module.estimatedMinutes, 0),
          modules: item.modules.map((module) => ({ ...module, kindLabel: KIND_LABELS[module.kind] })),
        };
      }),
      pagination: pagination(pageNumber, page.total, PAGE_SIZE, link),
    };
  }

  @Get(':slug')
  @Public()
  @Page(`${VIEWS}/course.hbs`)
  async course(@Param('slug', courseKey) slug: string): Promise<Record<string, unknown>> {
    const row = await this.catalog.getPublished(slug);
    const course = toCourseDetailDto(row);
    const upcoming = await this.catalog.scheduled(row.courseId);
    return {
      title: course.title,
      upcoming: upcoming
        ? {
            number: upcoming.number,
            current: row.number,
            opensOn: dateWithZone(upcoming.opensAt, this.config.academyTimeZone),
          }
        : null,
      course: {
        ...course,
        summaryHtml: renderMarkdown(course.summary),
        minutes: course.modules.reduce((sum, module) => sum + module.estimatedMinutes, 0),
        modules: course.modules.map((module, index) => ({
          ...module,
          number: index + 1,
          kindLabel: KIND_LABELS[module.kind],
        })),
        // Learners are shown the relevant relationships, each with its mitigation.
        people: course.people.map((person) => ({
          ...person,
          relationships: relevantRelationships(person),
          hasRelationships: relevantRelationships(person).length > 0,
          disclosedOn: calendarDateInWords(person.disclosure.disclosedOn),
        })),
        releaseDate: calendarDateInWords(course.releaseDate),
        expiryDate: calendarDateInWords(course.expiryDate),
        moc: course.moc.map(mocInWords),
        licensure: licensureByState(course.licensureTopics),
      },
    };
  }
}
