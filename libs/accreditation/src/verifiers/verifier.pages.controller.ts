import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { pageNumberOf, Roles } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { VerifierActivityService } from './verifier-activity.service';
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
  @Render(`${VIEWS}/verifier.hbs`)
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
    };
  }
}
