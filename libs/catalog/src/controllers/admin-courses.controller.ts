import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, FieldValidationException, PageQueryDto, Roles, UuidParam } from '@academy/core';
import { randomUUID } from 'node:crypto';
import { CourseDocumentDto } from '../content/course-document';
import { CoursesService } from '../courses/courses.service';
import {
  ChecklistDto,
  CourseOverviewListDto,
  CreateCourseDto,
  DiffDto,
  PersonChangeDto,
  RevisionDto,
  SaveDraftDto,
  toCourseOverviewDto,
  toVersionDto,
  toVersionSummaryDto,
  VersionDto,
  VersionHistoryDto,
} from '../dto/authoring.dto';

const versionNumber = (name: string) =>
  new ParseIntPipe({
    exceptionFactory: () => new FieldValidationException({ [name]: [`${name} must be a version number`] }),
  });

@ApiTags('authoring')
@Controller('api/v1/admin/courses')
@Roles('admin')
export class AdminCoursesController {
  constructor(private readonly courses: CoursesService) {}

  /** List courses with their versions */
  @Get()
  @ApiOkResponse({ type: CourseOverviewListDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() query: PageQueryDto): Promise<CourseOverviewListDto> {
    const page = await this.courses.overview(query);
    return { items: page.rows.map(toCourseOverviewDto), total: page.total };
  }

  /** Create a course */
  @Post()
  @ApiCreatedResponse({ type: VersionDto, description: 'The new course’s empty draft (version 1).' })
  @ApiErrors(400, 401, 403, 409)
  async create(@Body() body: CreateCourseDto): Promise<VersionDto> {
    return toVersionDto((await this.courses.createCourse(body.slug, body.title)).draft);
  }

  /** Import a course document as a new course */
  @Post('import')
  @ApiCreatedResponse({ type: VersionDto, description: 'The imported document as a new draft.' })
  @ApiErrors(400, 401, 403, 409)
  async import(@Body() body: CourseDocumentDto): Promise<VersionDto> {
    return toVersionDto((await this.courses.importDocument(body)).draft);
  }

  /** Read a course's draft */
  @Get(':id/draft')
  @ApiOkResponse({ type: VersionDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async draft(@UuidParam('id') id: string): Promise<VersionDto> {
    return toVersionDto(await this.courses.getDraft(id));
  }

  /** Start a draft from the latest version */
  @Post(':id/draft')
  @ApiCreatedResponse({ type: VersionDto, description: 'A new draft copied from the latest version.' })
  @ApiErrors(400, 401, 403, 404, 409)
  async startDraft(@UuidParam('id') id: string): Promise<VersionDto> {
    return toVersionDto(await this.courses.startDraft(id));
  }

  /** Save a course's draft */
  @Put(':id/draft')
  @ApiOkResponse({ type: VersionDto, description: 'The saved draft with its next revision.' })
  @ApiErrors(400, 401, 403, 404, 409)
  async saveDraft(@UuidParam('id') id: string, @Body() body: SaveDraftDto): Promise<VersionDto> {
    return toVersionDto(await this.courses.saveDraft(id, body.revision, body.content));
  }

  /** Add a person and their disclosure to the draft */
  @Post(':id/draft/people')
  @ApiCreatedResponse({
    type: VersionDto,
    description:
      'Adds a person with their disclosure to the draft. Relationships that ended more than 24 months before the disclosure are refused.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async addPerson(@UuidParam('id') id: string, @Body() body: PersonChangeDto): Promise<VersionDto> {
    return toVersionDto(
      await this.courses.addPerson(id, body.revision, { ...body.person, id: randomUUID() }),
    );
  }

  /** Change a person and their disclosure in the draft */
  @Put(':id/draft/people/:personId')
  @ApiOkResponse({
    type: VersionDto,
    description:
      'Replaces a person’s entry and disclosure in the draft (published versions never change). Relationships that ended more than 24 months before the disclosure are refused.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async updatePerson(
    @UuidParam('id') id: string,
    @UuidParam('personId') personId: string,
    @Body() body: PersonChangeDto,
  ): Promise<VersionDto> {
    return toVersionDto(await this.courses.updatePerson(id, body.revision, personId, body.person));
  }

  /** List what the draft lacks before publishing */
  @Get(':id/draft/checklist')
  @ApiOkResponse({
    type: ChecklistDto,
    description:
      'Every publishing rule the draft does not meet yet, the content time estimate beside the credit designated, and the item-writing linter’s summary per bank.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async checklist(@UuidParam('id') id: string): Promise<ChecklistDto> {
    const { draft, unmet, estimate, lint } = await this.courses.checklist(id);
    return {
      revision: draft.revision,
      ready: unmet.length === 0,
      unmet,
      estimate: {
        minutes: Math.round(estimate.minutes * 10) / 10,
        supportedCredit: estimate.supportedCredit,
        words: estimate.words,
        questions: estimate.questions,
        videoSeconds: estimate.videoSeconds,
        figures: estimate.figures,
        videosWithoutLength: estimate.videosWithoutLength,
      },
      lint: {
        warnings: lint.warnings,
        unexplained: lint.unexplained,
        banks: lint.banks.map(({ place, bankId, items, warnings, unexplained }) => ({
          place,
          bankId,
          items,
          warnings,
          unexplained,
        })),
      },
    };
  }

  /** Publish the draft */
  @Post(':id/draft/publish')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: VersionDto, description: 'The published, frozen version.' })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async publish(@UuidParam('id') id: string, @Body() body: RevisionDto): Promise<VersionDto> {
    return toVersionDto(await this.courses.publish(id, body.revision));
  }

  /** List a course's versions */
  @Get(':id/versions')
  @ApiOkResponse({ type: VersionHistoryDto })
  @ApiErrors(400, 401, 403, 404)
  async history(@UuidParam('id') id: string): Promise<VersionHistoryDto> {
    return { items: (await this.courses.history(id)).map(toVersionSummaryDto) };
  }

  /** Read one version of a course */
  @Get(':id/versions/:number')
  @ApiOkResponse({ type: VersionDto })
  @ApiErrors(400, 401, 403, 404)
  async version(
    @UuidParam('id') id: string,
    @Param('number', versionNumber('number')) number: number,
  ): Promise<VersionDto> {
    return toVersionDto(await this.courses.getVersion(id, number));
  }

  /** Export a version as a course document */
  @Get(':id/versions/:number/export')
  @ApiOkResponse({ type: CourseDocumentDto, description: 'The version as one portable JSON document.' })
  @ApiErrors(400, 401, 403, 404)
  exportVersion(
    @UuidParam('id') id: string,
    @Param('number', versionNumber('number')) number: number,
  ): Promise<CourseDocumentDto> {
    return this.courses.exportVersion(id, number);
  }

  /** Compare two versions of a course */
  @Get(':id/versions/:from/diff/:to')
  @ApiOkResponse({ type: DiffDto, description: 'What changed between two versions.' })
  @ApiErrors(400, 401, 403, 404)
  async diff(
    @UuidParam('id') id: string,
    @Param('from', versionNumber('from')) from: number,
    @Param('to', versionNumber('to')) to: number,
  ): Promise<DiffDto> {
    return {
      from,
      to,
      changes: await this.courses.diff(id, from, to),
      questionChanges: await this.courses.questionChanges(id, from, to),
    };
  }
}
