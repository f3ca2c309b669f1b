import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  HttpException,
  PayloadTooLargeException,
  Post,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify/multipart';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AfterPost, MultipartFieldsRule, Page, renderPage, Roles, ShowPage, UuidParam } from '@academy/core';
import type { SeeOther } from '@academy/core';
import { creditAmount } from '../content/designation';
import { CourseImportService, IMPORT_MAX_BYTES } from '../imports/course-import.service';
import type { ImportInspection } from '../imports/course-import.service';
import { Form, problemsOf, VIEWS } from './authoring-pages';

const MEGABYTES = IMPORT_MAX_BYTES / (1024 * 1024);

/** One exported course document, at most 10 MB, with no other field than the CSRF token. */
const DocumentUpload = FileInterceptor('file', {
  limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 2 },
});

function importModel(extra: Form = {}): Form {
  return { title: 'Import a course', maxMegabytes: MEGABYTES, ...extra };
}

/** Uploads the multipart parser refused (too large, cut short), said on the import page. */
@Catch(PayloadTooLargeException, BadRequestException)
export class CourseImportUploadFilter implements ExceptionFilter {
  async catch(exception: HttpException, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem =
      exception instanceof PayloadTooLargeException
        ? `The file is larger than ${MEGABYTES} MB; an exported course document is much smaller. Check you chose the right file.`
        : 'The upload could not be read. Choose the file again and send it.';
    await renderPage(
      request,
      reply,
      `${VIEWS}/import.hbs`,
      importModel({ problems: [problem] }),
      exception.getStatus(),
    );
  }
}

/** The preview as the page shows it: amounts as designations write them, counts in words. */
function previewModel(inspection: Extract<ImportInspection, { ok: true }>): Form {
  const { preview } = inspection;
  const bringsBanks = preview.modules.some((module) => module.questions !== null);
  return {
    bankNote:
      preview.existing && bringsBanks
        ? `The draft’s question banks become the file’s: the questions of version ${preview.existing.nextVersion - 1} that the file keeps go on with their item statistics; those it leaves out are retired in the draft.`
        : undefined,
    uploadId: inspection.uploadId,
    fileName: inspection.fileName,
    preview: {
      ...preview,
      credits: preview.credits.map((credit) => ({ ...credit, amount: creditAmount(credit.max) })),
      pretestNote: preview.pretest
        ? `Pre-test: draws ${preview.pretest.questionCount}${
            preview.pretest.questions === null
              ? ' from the module banks (no pool of its own in the file)'
              : ` by objective from its own pool of ${preview.pretest.questions} ${preview.pretest.questions === 1 ? 'question' : 'questions'}`
          }.`
        : undefined,
      modules: preview.modules.map((module) => ({
        ...module,
        lessonCount: `${module.lessons.length} ${module.lessons.length === 1 ? 'lesson' : 'lessons'}`,
        questionCount:
          module.questions === null
            ? preview.existing
              ? 'no questions in the file: keeps the course’s current ones'
              : 'no questions in the file'
            : `${module.questions} ${module.questions === 1 ? 'question' : 'questions'}`,
      })),
    },
  };
}

/**
 * Importing a course from an exported file: upload it, read the report of its problems (each
 * by its place in the file) or the preview of what it will create, then create the draft.
 */
@ApiExcludeController()
@Controller('admin/courses/import')
@Roles('admin')
export class CourseImportPagesController {
  constructor(private readonly imports: CourseImportService) {}

  @Get()
  @Page(`${VIEWS}/import.hbs`)
  start(): Form {
    return importModel();
  }

  @Post()
  @UseInterceptors(DocumentUpload, MultipartFieldsRule)
  @UseFilters(CourseImportUploadFilter)
  async upload(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UploadedFile() file: UploadedMultipartFile | undefined,
  ): Promise<void> {
    if (!file?.buffer || (file.buffer.length === 0 && !file.originalname)) {
      const model = importModel({ problems: ['Choose the exported course file (.json) to upload.'] });
      return renderPage(request, reply, `${VIEWS}/import.hbs`, model, 400);
    }
    const fileName = (file.originalname || 'course.json').slice(0, 255);
    const inspection = await this.imports.inspect(file.buffer, fileName);
    if (!inspection.ok) {
      const model = importModel({ problems: inspection.problems, fileName });
      return renderPage(request, reply, `${VIEWS}/import.hbs`, model, 400);
    }
    return renderPage(request, reply, `${VIEWS}/import.hbs`, importModel(previewModel(inspection)));
  }

  @Post(':uploadId/create')
  @AfterPost()
  async create(@UuidParam('uploadId') uploadId: string): Promise<SeeOther> {
    try {
      const { course } = await this.imports.createDraft(uploadId);
      return { url: `/admin/courses/${course.id}?notice=imported` };
    } catch (error) {
      throw new ShowPage(`${VIEWS}/import.hbs`, importModel({ problems: problemsOf(error) }), 409);
    }
  }
}
