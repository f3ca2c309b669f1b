import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { AfterPost, FormWithFieldErrors, Page, parseForm, Roles, ShowPage, UuidParam } from '@academy/core';
import type { SeeOther } from '@academy/core';
import { PERSON_ROLES } from '../content/course-content';
import type { PersonRole } from '../content/course-content';
import type { Person } from '../content/course-content.types';
import { CoursesService } from '../courses/courses.service';
import { RevisionDto } from '../dto/authoring.dto';
import { PersonFormDto } from '../dto/authoring-forms.dto';
import { DraftAt, DraftPages, DraftPlace, Form, problemsOf, VIEWS } from './authoring-pages';

/** Empty rows a person's form offers beyond the relationships already listed. */
const BLANK_ROWS = 2;

const UNREADABLE = 'Part of the form could not be read; open the page again and re-enter it.';
/** A field the form's parser refused, in words. */
const FIELD_WORDS: Record<string, string> = {
  role: 'Choose the person’s role: faculty, planner or reviewer.',
  disclosedOn: 'The disclosure date is not a date: enter the day the person disclosed.',
  revision: 'The form lost its place in the draft: open the page again.',
  mitigation: 'The mitigation is too long or holds characters that cannot be kept.',
};

interface RelationshipRow {
  company: string;
  nature: string;
  endedOn: string;
  relevant: boolean;
}

/** What the person form shows: the person as stored, or as just entered. */
interface PersonValues {
  name: string;
  credentials: string;
  role: PersonRole;
  disclosedOn: string;
  mitigation: string;
  rows: RelationshipRow[];
}

function valuesOf(person: Person): PersonValues {
  return {
    name: person.name,
    credentials: person.credentials,
    role: person.role,
    disclosedOn: person.disclosure.disclosedOn,
    mitigation: person.disclosure.mitigation ?? '',
    rows: person.disclosure.relationships.map((relationship) => ({
      company: relationship.company,
      nature: relationship.nature,
      endedOn: relationship.endedOn ?? '',
      relevant: relationship.relevant !== false,
    })),
  };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(text) : typeof value === 'string' ? [value] : [];

/** The form as sent, to show again with its problems (nothing the person typed is lost). */
function valuesSent(body: Form): PersonValues {
  const [companies, natures, ends, relevance] = ['company', 'nature', 'endedOn', 'relevant'].map((name) =>
    list(body[name]),
  ) as [string[], string[], string[], string[]];
  return {
    name: text(body.name),
    credentials: text(body.credentials),
    role: PERSON_ROLES.find((role) => role === body.role) ?? 'faculty',
    disclosedOn: text(body.disclosedOn),
    mitigation: text(body.mitigation),
    // Rows left empty come back as the form's usual empty rows, not in addition to them.
    rows: companies
      .map((company, index) => ({
        company,
        nature: natures[index] ?? '',
        endedOn: ends[index] ?? '',
        relevant: relevance[index] !== 'no',
      }))
      .filter((row) => `${row.company}${row.nature}${row.endedOn}`.trim() !== ''),
  };
}

/**
 * The person a valid form describes, or what is missing, in words. Rows left empty are no
 * relationship; a half-filled row is a problem to fix.
 */
function personOf(form: PersonFormDto): { person: Omit<Person, 'id'>; problems: string[] } {
  const problems: string[] = [];
  if (!form.name) {
    problems.push('Enter the person’s name.');
  }
  if (!form.disclosedOn) {
    problems.push('Enter the day the person disclosed their financial relationships.');
  }
  const relationships: Person['disclosure']['relationships'] = [];
  (form.company ?? []).forEach((rawCompany, index) => {
    const company = rawCompany.trim();
    const nature = (form.nature?.[index] ?? '').trim();
    const endedOn = (form.endedOn?.[index] ?? '').trim();
    if (company === '' && nature === '' && endedOn === '') {
      return;
    }
    const row = `Relationship ${index + 1}`;
    if (company === '') {
      problems.push(`${row}: enter the company.`);
    }
    if (nature === '') {
      problems.push(`${row}: say what the relationship is (for example consulting fees or research grant).`);
    }
    if (endedOn !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(endedOn)) {
      problems.push(`${row}: the end date is not a date; leave it empty while the relationship goes on.`);
    }
    relationships.push({
      company,
      nature,
      ...(endedOn ? { endedOn } : {}),
      relevant: form.relevant?.[index] !== 'no',
    });
  });
  return {
    problems,
    person: {
      name: form.name ?? '',
      credentials: form.credentials ?? '',
      role: form.role,
      disclosure: {
        disclosedOn: form.disclosedOn ?? '',
        relationships,
        ...(form.mitigation ? { mitigation: form.mitigation } : {}),
      },
    },
  };
}

/**
 * The people in control of a draft's content and their disclosures: add, edit, remove. Only the
 * draft changes; published versions keep the disclosures their learners were shown.
 */
@ApiExcludeController()
@Controller('admin/courses')
@Roles('admin')
export class DisclosureAuthoringPagesController {
  constructor(
    private readonly pages: DraftPages,
    private readonly courses: CoursesService,
  ) {}

  @Get(':id/people/new')
  @Page(`${VIEWS}/person.hbs`)
  async newPerson(@UuidParam('id') id: string): Promise<Form> {
    const draft = await this.courses.getDraft(id);
    return this.personModel(id, draft.revision, draft.content.title, null, {
      name: '',
      credentials: '',
      role: 'faculty',
      disclosedOn: '',
      mitigation: '',
      rows: [],
    });
  }

  @Get(':id/people/:personId')
  @Page(`${VIEWS}/person.hbs`)
  async person(@UuidParam('id') id: string, @UuidParam('personId') personId: string): Promise<Form> {
    const { draft, person } = await this.courses.getPerson(id, personId);
    return this.personModel(id, draft.revision, draft.content.title, personId, valuesOf(person));
  }

  @Post(':id/people')
  @FormWithFieldErrors()
  @AfterPost()
  async addPerson(@DraftAt() at: DraftPlace, @Body() body: Form): Promise<SeeOther> {
    const { revision, person } = await this.parsePerson(at.courseId, null, body);
    try {
      await this.courses.addPerson(at.courseId, revision, { ...person, id: randomUUID() });
    } catch (error) {
      throw await this.showAgain(at.courseId, null, body, problemsOf(error));
    }
    return { url: `/admin/courses/${at.courseId}?notice=saved#people` };
  }

  @Post(':id/people/:personId')
  @FormWithFieldErrors()
  @AfterPost()
  async updatePerson(
    @DraftAt() at: DraftPlace,
    @UuidParam('personId') personId: string,
    @Body() body: Form,
  ): Promise<SeeOther> {
    const { revision, person } = await this.parsePerson(at.courseId, personId, body);
    try {
      await this.courses.updatePerson(at.courseId, revision, personId, person);
    } catch (error) {
      throw await this.showAgain(at.courseId, personId, body, problemsOf(error));
    }
    return { url: `/admin/courses/${at.courseId}?notice=saved#people` };
  }

  @Post(':id/people/:personId/remove')
  @AfterPost()
  async removePerson(
    @DraftAt() at: DraftPlace,
    @UuidParam('personId') personId: string,
    @Body() body: Form,
  ): Promise<SeeOther> {
    const { revision } = await this.pages.parse(RevisionDto, body, at);
    try {
      await this.courses.removePerson(at.courseId, revision, personId);
    } catch (error) {
      throw await this.pages.problemsPage(at, error);
    }
    return { url: `/admin/courses/${at.courseId}#people` };
  }

  private async parsePerson(
    courseId: string,
    personId: string | null,
    body: Form,
  ): Promise<{ revision: number; person: Omit<Person, 'id'> }> {
    const form = await parseForm(PersonFormDto, body);
    if (!form.ok) {
      const problems = [
        ...new Set(Object.keys(form.fields).map((field) => FIELD_WORDS[field] ?? UNREADABLE)),
      ];
      throw await this.showAgain(courseId, personId, body, problems);
    }
    const { person, problems } = personOf(form.value);
    if (problems.length > 0) {
      throw await this.showAgain(courseId, personId, body, problems);
    }
    return { revision: form.value.revision, person };
  }

  /** The person form again, as sent, with what stopped it (a 400). */
  private async showAgain(
    courseId: string,
    personId: string | null,
    body: Form,
    problems: string[],
  ): Promise<ShowPage> {
    const draft = await this.courses.getDraft(courseId);
    const revision = Number(body.revision) || draft.revision;
    const model = this.personModel(courseId, revision, draft.content.title, personId, valuesSent(body));
    return new ShowPage(`${VIEWS}/person.hbs`, { ...model, problems }, 400);
  }

  private personModel(
    courseId: string,
    revision: number,
    courseTitle: string,
    personId: string | null,
    values: PersonValues,
  ): Form {
    const blank: RelationshipRow = { company: '', nature: '', endedOn: '', relevant: true };
    const rows = [...values.rows, ...Array.from({ length: BLANK_ROWS }, () => blank)];
    return {
      title: personId ? `Disclosure: ${values.name}` : 'Add a person',
      courseId,
      courseTitle,
      revision,
      personId,
      action: personId
        ? `/admin/courses/${courseId}/people/${personId}`
        : `/admin/courses/${courseId}/people`,
      values,
      roles: PERSON_ROLES.map((role) => ({ value: role, selected: role === values.role })),
      rows: rows.map((row, index) => ({ ...row, number: index + 1 })),
    };
  }
}
