import { Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Page, pageLinks, pageNumberOf, pagination, Roles } from '@academy/core';
import { LedgerCheckpoint } from './ledger-checkpoint.repository';
import { LedgerService, LedgerVerification } from './ledger.service';

const VIEWS = 'libs/accreditation/views';
const PAGE_SIZE = 10;

type Model = Record<string, unknown>;

const REASONS: Record<LedgerCheckpoint['reason'], string> = {
  daily: 'Daily',
  admin: 'On demand',
  demo_seed: 'Demo seed',
};

function verificationModel(verification: LedgerVerification): Model {
  return {
    ok: verification.ok,
    count: verification.count,
    headHash: verification.headHash,
    checkedAt: verification.checkedAt,
    firstBreak: verification.firstBreak,
    intact:
      verification.count === 0
        ? 'No entry before it can be relied on.'
        : verification.count === 1
          ? 'Entry 1 is intact.'
          : `Entries 1 to ${verification.count} are intact.`,
    checkpointsChecked: verification.checkpoints.checked,
    checkpointProblems: verification.checkpoints.problems.map((problem) => ({
      madeAt: problem.madeAt,
      entryCount: problem.entryCount,
      message: problem.message,
    })),
  };
}

/**
 * Admins check the ledger (the whole chain is recomputed on every visit, streamed), see its
 * signed checkpoints and make one on demand.
 */
@ApiExcludeController()
@Controller('admin/ledger')
@Roles('admin')
export class AdminLedgerPagesController {
  constructor(private readonly ledger: LedgerService) {}

  @Get()
  @Page(`${VIEWS}/admin-ledger.hbs`)
  async show(@Query('page') rawPage: unknown, @Query('notice') notice: unknown): Promise<Model> {
    const page = pageNumberOf(rawPage);
    const [verification, checkpoints] = await Promise.all([
      this.ledger.verify(),
      this.ledger.listCheckpoints({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    ]);
    return {
      title: 'Tamper-evident ledger',
      notice: notice === 'checkpoint' ? 'Checkpoint made and signed with the current issuer key.' : undefined,
      verification: verificationModel(verification),
      checkpoints: checkpoints.items.map((checkpoint) => ({
        madeAt: checkpoint.madeAt,
        entryCount: checkpoint.entryCount,
        headHash: checkpoint.headHash,
        reason: REASONS[checkpoint.reason],
        keyDid: checkpoint.keyDid,
      })),
      total: checkpoints.total,
      pagination: pagination(page, checkpoints.total, PAGE_SIZE, pageLinks('/admin/ledger')),
    };
  }

  @Post('checkpoints')
  async makeCheckpoint(@Res() reply: FastifyReply): Promise<void> {
    await this.ledger.makeCheckpoint('admin');
    return reply.redirect('/admin/ledger?notice=checkpoint', 303);
  }
}
