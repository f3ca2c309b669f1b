import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import type { NewWalletExchange } from '../wallet/wallet-exchanges.service';

/** A new wallet exchange: its addresses are shown once, to the holder who made it. */
export class WalletExchangeDto {
  @ApiProperty({
    example: 'https://academy.example/wallet/q3Vb0w9cT0dV7kqC2nYxXk1mVZbq2FZ0l7cQ9gX2aBc?iuv=1',
    description:
      'The VCALM interaction URL, for a QR code: a wallet fetching it with `Accept: application/json` gets `{ protocols: { vcapi } }`',
  })
  interactionUrl!: string;

  @ApiProperty({
    example: 'interaction:https://academy.example/wallet/q3Vb0w9cT0dV7kqC2nYxXk1mVZbq2FZ0l7cQ9gX2aBc?iuv=1',
    description: 'The same as a link that opens the Learner Credential Wallet on the phone itself',
  })
  deepLink!: string;

  @ApiProperty({
    example: 'https://academy.example/api/v1/exchanges/q3Vb0w9cT0dV7kqC2nYxXk1mVZbq2FZ0l7cQ9gX2aBc',
    description: 'The VC API exchange the wallet POSTs to',
  })
  exchangeUrl!: string;

  @ApiProperty({ format: 'date-time', description: 'After this the exchange answers 410; it works once' })
  expiresAt!: string;
}

export function toWalletExchangeDto(exchange: NewWalletExchange): WalletExchangeDto {
  return { ...exchange.links, expiresAt: exchange.expiresAt.toISOString() };
}

/** What a wallet POSTs to an exchange: `{}` to start, then its signed presentation. */
export class ExchangeMessageDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'The DID Authentication answer: a verifiable presentation whose `holder` is a did:key and whose proof (`authentication`, eddsa-rdfc-2022 or Ed25519Signature2020) carries the challenge and domain asked for',
  })
  @IsOptional()
  @IsObject({ message: 'verifiablePresentation is the wallet’s signed presentation, a JSON object' })
  verifiablePresentation?: Record<string, unknown>;
}

/** The academy's answer to a step of the exchange: a request to sign, or the credential. */
export class ExchangeAnswerDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'After `{}`: `{ query: [{ type: "DIDAuthentication", acceptedMethods, acceptedCryptosuites }], challenge, domain, interact }`',
  })
  verifiablePresentationRequest?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'After a good presentation: `{ "@context", type, verifiableCredential: [the signed credential] }`',
  })
  verifiablePresentation?: Record<string, unknown>;
}
