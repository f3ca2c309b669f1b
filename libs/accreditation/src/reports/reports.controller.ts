import { Body, Controller, Get, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, ApiFileResponse, Roles, sendDownload, UuidParam } from '@academy/core';
import { AccmeActivitiesService } from './accme-activities.service';
import {
  AccmeActivityDto,
  ActivityReportDto,
  EvaluationReportDto,
  LearningGainReportDto,
  ParsFileDto,
  RecordAccmeActivityDto,
  ReportQueryDto,
  toAccmeActivityDto,
  toActivityReportDto,
  toEvaluationReportDto,
  toLearningGainReportDto,
  toParsFileDto,
  toTranscriptReportDto,
  TranscriptReportDto,
} from './dto/report.dto';
import { CsvFile, ReportsService } from './reports.service';

/** Sends a report as a CSV download. */
export async function sendCsv(reply: FastifyReply, file: CsvFile): Promise<void> {
  await sendDownload(reply, {
    type: 'text/csv; charset=utf-8',
    fileName: file.fileName,
    body: file.content,
  });
}

const CSV = 'As CSV: the same report, one table, a header row first.';

@ApiTags('reports')
@Controller('api/v1/admin/reports')
@Roles('admin')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly accmeIds: AccmeActivitiesService,
  ) {}

  /** Read the activity report */
  @Get('activity')
  @ApiOkResponse({
    type: ActivityReportDto,
    description:
      'Per course version and in total: enrolled, started, modules passed, lab attended, certified, credits by type and median days to complete, each counted when it happened in the period.',
  })
  @ApiErrors(400, 401, 403)
  async activity(@Query() query: ReportQueryDto): Promise<ActivityReportDto> {
    return toActivityReportDto(await this.reports.activity(query));
  }

  /** Download the activity report as CSV */
  @Get('activity/csv')
  @ApiFileResponse(CSV, 'text/csv')
  @ApiErrors(400, 401, 403)
  async activityCsv(@Query() query: ReportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    await sendCsv(reply, await this.reports.activityCsv(query));
  }

  /** Read the evaluation report */
  @Get('evaluations')
  @ApiOkResponse({
    type: EvaluationReportDto,
    description: 'Likert distributions per question, and the newest free-text answers per question.',
  })
  @ApiErrors(400, 401, 403)
  async evaluations(@Query() query: ReportQueryDto): Promise<EvaluationReportDto> {
    return toEvaluationReportDto(await this.reports.evaluations(query));
  }

  /** Download the evaluation report as CSV */
  @Get('evaluations/csv')
  @ApiFileResponse(`${CSV} Every free-text answer is a row.`, 'text/csv')
  @ApiErrors(400, 401, 403)
  async evaluationsCsv(@Query() query: ReportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    await sendCsv(reply, await this.reports.evaluationsCsv(query));
  }

  /** Read the learning-gain report */
  @Get('learning-gain')
  @ApiOkResponse({ type: LearningGainReportDto, description: 'Pre-test against final scores.' })
  @ApiErrors(400, 401, 403)
  async learningGain(@Query() query: ReportQueryDto): Promise<LearningGainReportDto> {
    return toLearningGainReportDto(await this.reports.learningGain(query));
  }

  /** Download the learning-gain report as CSV */
  @Get('learning-gain/csv')
  @ApiFileResponse(CSV, 'text/csv')
  @ApiErrors(400, 401, 403)
  async learningGainCsv(@Query() query: ReportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    await sendCsv(reply, await this.reports.learningGainCsv(query));
  }

  /** Read a learner's transcript report */
  @Get('transcript/:userId')
  @ApiOkResponse({
    type: TranscriptReportDto,
    description: 'Any learner’s certificates issued in the period, with credits by type.',
  })
  @ApiErrors(400, 401, 403, 404)
  async transcript(
    @UuidParam('userId') userId: string,
    @Query() query: ReportQueryDto,
  ): Promise<TranscriptReportDto> {
    return toTranscriptReportDto(await this.reports.transcript(userId, query));
  }

  /** Download a learner's transcript report as CSV */
  @Get('transcript/:userId/csv')
  @ApiFileResponse(CSV, 'text/csv')
  @ApiErrors(400, 401, 403, 404)
  async transcriptCsv(
    @UuidParam('userId') userId: string,
    @Query() query: ReportQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendCsv(reply, await this.reports.transcriptCsv(userId, query));
  }

  /** Read the PARS activity batch */
  @Get('accme/activities')
  @ApiOkResponse({
    type: ParsFileDto,
    description: 'ACCME PARS activity batch file: the template’s columns, one row per course version.',
  })
  @ApiErrors(400, 401, 403)
  async accmeActivities(@Query() query: ReportQueryDto): Promise<ParsFileDto> {
    return toParsFileDto(await this.reports.accmeActivities(query));
  }

  /** Download the PARS activity batch as CSV */
  @Get('accme/activities/csv')
  @ApiFileResponse('The PARS activity batch file as CSV, the template’s header first.', 'text/csv')
  @ApiErrors(400, 401, 403)
  async accmeActivitiesCsv(@Query() query: ReportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    await sendCsv(reply, await this.reports.accmeActivitiesCsv(query));
  }

  /** Read the PARS learner batch */
  @Get('accme/learners')
  @ApiOkResponse({
    type: ParsFileDto,
    description:
      'ACCME PARS learner batch file: the template’s columns, one row per completion (issued, non-revoked certificate).',
  })
  @ApiErrors(400, 401, 403)
  async accmeLearners(@Query() query: ReportQueryDto): Promise<ParsFileDto> {
    return toParsFileDto(await this.reports.accmeLearners(query));
  }

  /** Download the PARS learner batch as CSV */
  @Get('accme/learners/csv')
  @ApiFileResponse('The PARS learner batch file as CSV, the template’s header first.', 'text/csv')
  @ApiErrors(400, 401, 403)
  async accmeLearnersCsv(@Query() query: ReportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    await sendCsv(reply, await this.reports.accmeLearnersCsv(query));
  }

  /** Record an activity's ACCME Activity ID */
  @Put('accme/activities/:courseVersionId')
  @ApiOkResponse({
    type: AccmeActivityDto,
    description:
      'Records the ACCME Activity ID that PARS assigned to an activity (a published or archived course version), or replaces the one recorded; both batch files carry it. 404 for an unknown version or a draft, 409 when another version holds the id.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async recordAccmeActivity(
    @UuidParam('courseVersionId') courseVersionId: string,
    @Body() body: RecordAccmeActivityDto,
  ): Promise<AccmeActivityDto> {
    return toAccmeActivityDto(await this.accmeIds.record(courseVersionId, body.accmeActivityId));
  }
}
