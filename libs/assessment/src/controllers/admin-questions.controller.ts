import { Body, Controller, Delete, Get, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Roles, UuidParam } from '@academy/core';
import { ItemAnalysisDto, toItemAnalysisDto } from '../dto/item-analysis.dto';
import { QuestionDto, QuestionInputDto, QuestionListDto, toQuestionDto } from '../dto/quiz.dto';
import { QuestionBankService } from '../questions/question-bank.service';

@ApiTags('authoring')
@Controller('api/v1/admin')
@Roles('admin')
export class AdminQuestionsController {
  constructor(private readonly bank: QuestionBankService) {}

  /** List a module's questions */
  @Get('courses/:id/modules/:moduleId/questions')
  @ApiOkResponse({
    type: QuestionListDto,
    description:
      'The module’s active questions, with answer keys, in the course’s draft (or, without one, its published version).',
  })
  @ApiErrors(400, 401, 403, 404)
  async list(@UuidParam('id') id: string, @UuidParam('moduleId') moduleId: string): Promise<QuestionListDto> {
    return { items: (await this.bank.list(id, moduleId)).map(toQuestionDto) };
  }

  /** Read a module's item analysis */
  @Get('courses/:id/modules/:moduleId/item-analysis')
  @ApiOkResponse({
    type: ItemAnalysisDto,
    description:
      'Per question of the bank (retired ones too): responses, difficulty, discrimination, option choices and flags.',
  })
  @ApiErrors(400, 401, 403, 404)
  async itemAnalysis(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
  ): Promise<ItemAnalysisDto> {
    return toItemAnalysisDto(await this.bank.itemAnalysis(id, moduleId));
  }

  /** Add a question to a module */
  @Post('courses/:id/modules/:moduleId/questions')
  @ApiCreatedResponse({ type: QuestionDto, description: 'Added to the course’s draft (409 without one).' })
  @ApiErrors(400, 401, 403, 404, 409)
  async add(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Body() body: QuestionInputDto,
  ): Promise<QuestionDto> {
    return toQuestionDto(await this.bank.add(id, moduleId, body));
  }

  /** Read a question */
  @Get('questions/:questionId')
  @ApiOkResponse({ type: QuestionDto, description: 'One question of any version, with its key.' })
  @ApiErrors(400, 401, 403, 404)
  async get(@UuidParam('questionId') questionId: string): Promise<QuestionDto> {
    return toQuestionDto(await this.bank.get(questionId));
  }

  /** Edit a draft question */
  @Put('questions/:questionId')
  @ApiOkResponse({
    type: QuestionDto,
    description:
      'Rewrites a draft’s question, keeping its lineage. A published version’s question is refused (409): start a draft and edit its copy.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async edit(
    @UuidParam('questionId') questionId: string,
    @Body() body: QuestionInputDto,
  ): Promise<QuestionDto> {
    return toQuestionDto(await this.bank.edit(questionId, body));
  }

  /** Replace a question in the draft */
  @Post('questions/:questionId/replacement')
  @ApiCreatedResponse({
    type: QuestionDto,
    description:
      'A new question in the draft that replaces this one (retired in the draft, kept in earlier versions).',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async replace(
    @UuidParam('questionId') questionId: string,
    @Body() body: QuestionInputDto,
  ): Promise<QuestionDto> {
    return toQuestionDto(await this.bank.replace(questionId, body));
  }

  /** Retire a question from the draft */
  @Delete('questions/:questionId')
  @ApiOkResponse({
    type: QuestionDto,
    description:
      'Retired in the course’s draft: it leaves the next version; earlier versions and past attempts keep it (409 without a draft).',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async retire(@UuidParam('questionId') questionId: string): Promise<QuestionDto> {
    return toQuestionDto(await this.bank.retire(questionId));
  }
}
