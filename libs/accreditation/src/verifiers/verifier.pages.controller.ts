import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Page, pageNumberOf, readerOf, Roles } from '@academy/core';
import { CurrentUser, managedOrganisation, UserPrincipal } from '@academy/identity';
import { toCsv } from '../reports/csv';
import { sendCsv } from '../reports/reports.controller';
import { EXPORT_LIMIT, VerifierActivityService } from './verifier-activity.service';
import { paginationOf, verificationRow } from './verification-words';

const VIEWS = 'libs/accreditation/views';
const PAGE_SIZE = 25;

/** A verifier's home: their organisation's checks, and where to run more. */
@ApiExcludeController()
@Controller('verifier')
@Roles('verifier')
export class VerifierPagesController {
  constructor(private readonly activity: VerifierActivityService) {}

  @Get()
  @Page(`${VIEWS}/verifier.hbs`)
  async home(
    @CurrentUser() user: UserPrincipal,
    @Query('page') rawPage: unknown,
  ): Promise<Record<string, unknown>> {
    const page = pageNumberOf(rawPage);
    const found = await this.activity.verificationsOf(user.organisationId, {
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return {
      title: found.organisation ? `Verifications of ${found.organisation.name}` : 'Verifications',
      organisation: found.organisation,
      total: found.total,
      rows: found.items.map(verificationRow),
      pagination: paginationOf('/verifier', page, found.total, PAGE_SIZE),
      exportLimit: EXPORT_LIMIT.toLocaleString('en-GB'),
    };
  }

  /** The organisation's checks as a CSV file (the newest `EXPORT_LIMIT`), times in the reader's zone. */
  @Get('verifications.csv')
  async csv(
    @CurrentUser() user: UserPrincipal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const organisationId = managedOrganisation(user);
    const reader = readerOf(request);
    const table = await this.activity.verificationsTable(organisationId, reader);
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: reader.zone }).format(reader.now);
    await sendCsv(reply, { fileName: `verifications-${day}.csv`, content: toCsv(table) });
  }
}
