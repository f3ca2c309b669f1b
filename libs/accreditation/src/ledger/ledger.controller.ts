import { Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnswersJson, ApiErrors, PageQueryDto, Public, Roles } from '@academy/core';
import {
  CheckpointDto,
  CheckpointListDto,
  LedgerEntryListDto,
  LedgerEntryQueryDto,
  LedgerVerificationDto,
  toCheckpointDto,
  toEntryDto,
  toVerificationDto,
} from './dto/ledger.dto';
import { LedgerService } from './ledger.service';

/** The ledger's signed checkpoints for anyone; its verification, checkpoints on demand and entries for admins. */
@ApiTags('ledger')
@Controller()
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  /** List the ledger's signed checkpoints */
  @Get('ledger/checkpoints')
  @AnswersJson()
  @Public()
  @ApiOkResponse({
    type: CheckpointListDto,
    description:
      'Signed checkpoints of the tamper-evident ledger, newest first. Each says how many entries the ledger had and the hash of the last one, signed with the issuer key it names (GET /issuer).',
  })
  @ApiErrors(400)
  async checkpoints(@Query() query: PageQueryDto): Promise<CheckpointListDto> {
    const page = await this.ledger.listCheckpoints(query);
    return { items: page.items.map(toCheckpointDto), total: page.total };
  }

  /** Verify the whole ledger */
  @Get('api/v1/admin/ledger/verify')
  @Roles('admin')
  @ApiOkResponse({
    type: LedgerVerificationDto,
    description:
      'Recomputes the whole hash chain and checks every checkpoint: ok, or the first broken link (its seq and why).',
  })
  @ApiErrors(401, 403)
  async verify(): Promise<LedgerVerificationDto> {
    return toVerificationDto(await this.ledger.verify());
  }

  /** Make a ledger checkpoint */
  @Post('api/v1/admin/ledger/checkpoints')
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({
    type: CheckpointDto,
    description: 'A checkpoint of the head now, signed with the current issuer key.',
  })
  @ApiErrors(401, 403)
  async makeCheckpoint(): Promise<CheckpointDto> {
    return toCheckpointDto((await this.ledger.makeCheckpoint('admin')).checkpoint);
  }

  /** Read ledger entries */
  @Get('api/v1/admin/ledger/entries')
  @Roles('admin')
  @ApiOkResponse({
    type: LedgerEntryListDto,
    description:
      'Ledger entries after a seq, in chain order, with their hashes: what anyone recomputes to check a checkpoint.',
  })
  @ApiErrors(400, 401, 403)
  async entries(@Query() query: LedgerEntryQueryDto): Promise<LedgerEntryListDto> {
    const { items, head } = await this.ledger.listEntries({ afterSeq: query.after, limit: query.limit });
    return { items: items.map(toEntryDto), head };
  }
}
