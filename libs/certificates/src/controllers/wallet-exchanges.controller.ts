import { Body, Controller, HttpCode, HttpStatus, Options, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, BodyLimit, Public, Roles } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import {
  ExchangeAnswerDto,
  ExchangeMessageDto,
  toWalletExchangeDto,
  WalletExchangeDto,
} from '../dto/wallet.dto';
import { WalletExchangesService } from '../wallet/wallet-exchanges.service';
import { CertificateNumberParam } from './certificate-number.param';
import { ExchangeIdParam } from './exchange-id.param';

// A wallet may run in a browser on another origin: the exchange takes no cookie and no token (its
// address is the secret), so any origin may call it, without credentials.
function allowAnyOrigin(reply: FastifyReply): void {
  reply.header('Access-Control-Allow-Origin', '*');
  reply.header('Cache-Control', 'no-store');
}

/** Wallet delivery: the holder opens a VC API exchange; the wallet runs it (VCALM exchanges). */
@ApiTags('wallet')
@Controller('api/v1')
export class WalletExchangesController {
  constructor(private readonly exchanges: WalletExchangesService) {}

  @Post('certificates/:number/exchanges')
  @Roles('learner')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Open a wallet exchange for one of the caller’s certificates',
    description:
      'Single use, for 15 minutes. Show `interactionUrl` as a QR code to the Learner Credential Wallet (or any VCALM wallet), or `deepLink` as a link on the phone. A revoked or suspended certificate answers 409.',
  })
  @ApiCreatedResponse({ type: WalletExchangeDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async create(
    @CurrentUser() user: UserPrincipal,
    @CertificateNumberParam() number: string,
  ): Promise<WalletExchangeDto> {
    return toWalletExchangeDto(await this.exchanges.create(user.userId, number));
  }

  @Post('exchanges/:exchangeId')
  @Public()
  @HttpCode(HttpStatus.OK)
  @BodyLimit(64 * 1024)
  @ApiOperation({
    summary: 'Participate in a wallet exchange (VCALM)',
    description:
      'POST `{}` to start: the answer is a DIDAuthentication `verifiablePresentationRequest` (challenge, domain). POST `{ verifiablePresentation }` signed by the wallet’s did:key with that challenge and domain: the answer is a presentation holding the certificate’s signed credential, once. A used exchange answers 409, an expired one 410.',
  })
  @ApiOkResponse({ type: ExchangeAnswerDto })
  @ApiErrors(400, 404, 409, 410, 413, 429)
  async participate(
    @ExchangeIdParam() exchangeId: string,
    @Body() body: ExchangeMessageDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ExchangeAnswerDto> {
    allowAnyOrigin(reply);
    return this.exchanges.participate(exchangeId, body.verifiablePresentation);
  }

  /** The CORS preflight a browser sends before the JSON POST above. */
  @Options('exchanges/:exchangeId')
  @Public()
  @ApiExcludeEndpoint()
  preflight(@Res() reply: FastifyReply): void {
    allowAnyOrigin(reply);
    void reply
      .header('Access-Control-Allow-Methods', 'POST')
      .header('Access-Control-Allow-Headers', 'Content-Type')
      .header('Access-Control-Max-Age', '600')
      .status(HttpStatus.NO_CONTENT)
      .send();
  }
}
