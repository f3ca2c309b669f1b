import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, renderPage } from '@academy/core';
import { WalletExchangesService } from '../wallet/wallet-exchanges.service';
import { VIEWS } from './certificate-page-models';
import { ExchangeIdParam } from './exchange-id.param';

/**
 * The interaction URL of a wallet exchange (VCALM "Interaction URL"): a wallet asks it for JSON
 * and gets the protocols to run; a person whose phone camera opened it gets a page with the
 * link that opens their wallet app.
 */
@ApiExcludeController()
@Controller('wallet')
@Public()
export class WalletPagesController {
  constructor(private readonly exchanges: WalletExchangesService) {}

  @Get(':exchangeId')
  async interaction(
    @ExchangeIdParam() exchangeId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    void reply.header('Cache-Control', 'no-store').header('Vary', 'Accept');
    if (/\bapplication\/json\b/.test(request.headers.accept ?? '')) {
      const answer = await this.exchanges.protocols(exchangeId);
      await reply
        .header('Access-Control-Allow-Origin', '*')
        .type('application/json; charset=utf-8')
        .send(answer);
      return;
    }
    const { expiresAt, links } = await this.exchanges.interaction(exchangeId);
    await renderPage(request, reply, `${VIEWS}/wallet-interaction.hbs`, {
      title: 'Add a certificate to your wallet',
      expiresAt,
      deepLink: links.deepLink,
    });
  }
}
