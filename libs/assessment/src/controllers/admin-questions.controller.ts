import { Body, Controller, Delete, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Roles, UuidParam } from '@academy/core';
import { ItemAnalysisDto, toItemAnalysisDto } from '../dto/item-analysis.dto';
import { QuestionDto, QuestionInputDto, QuestionListDto, toQuestionDto } from '../dto/quiz.dto';
import { QuestionBankService } from '../questions/question-bank.service';

@ApiTags('authoring')
@ApiBearerAuth()
@Controller('api/v1/admin')
@Roles('admin')
export class AdminQuestionsController {
  constructor(private readonly bank: QuestionBankService) {}

  @Get('courses/:id/modules/:moduleId/questions')
  @ApiOkResponse({ type: QuestionListDto, description: 'The module’s bank, with answer keys.' })
  @ApiErrors(400, 401, 403, 404)
  async list(@UuidParam('id') id: string, @UuidParam('moduleId') moduleId: string): Promise<QuestionListDto> {
    return { items: (await this.bank.list(id, moduleId)).map(toQuestionDto) };
  }

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

  @Post('courses/:id/modules/:moduleId/questions')
  @ApiCreatedResponse({ type: QuestionDto })
  @ApiErrors(400, 401, 403, 404)
  async add(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Body() body: QuestionInputDto,
  ): Promise<QuestionDto> {
    return toQuestionDto(await this.bank.add(id, moduleId, body));
  }

  @Delete('questions/:questionId')
  @ApiOkResponse({ type: QuestionDto, description: 'Retired: no longer drawn; past attempts keep it.' })
  @ApiErrors(400, 401, 403, 404)
  async retire(@UuidParam('questionId') questionId: string): Promise<QuestionDto> {
    return toQuestionDto(await this.bank.retire(questionId));
  }
}
