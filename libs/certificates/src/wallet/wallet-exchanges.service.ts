import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig, AuditService, Clock, Database } from '@academy/core';
import { CertificateError, CertificateErrorCode } from '../certificates-error';
import { CertificatesService } from '../issuance/certificates.service';
import type { Certificate } from '../issuance/certificate.types';
import { VC_V2_CONTEXT } from '../signing/document-loader';
import { verifyDidAuthentication } from './did-authentication';
import { WalletExchange, WalletExchangeRepository } from './wallet-exchange.repository';
import { EXCHANGE_ID_PATTERN, exchangeDomain, WalletLinks, walletLinks } from './wallet-links';

/** How long a wallet link works: long enough to install the wallet, short for a link left about. */
export const WALLET_EXCHANGE_MINUTES = 15;

/** A new exchange, with its id: shown to its creator once, kept only as a hash. */
export interface NewWalletExchange {
  exchangeId: string;
  expiresAt: Date;
  links: WalletLinks;
}

/** An exchange as its creator sees it again on the certificate page. */
export interface WalletExchangeView {
  state: 'open' | 'received' | 'expired';
  expiresAt: Date;
  completedAt: Date | null;
  holderDid: string | null;
  links: WalletLinks;
}

/** A VCALM exchange message from the academy to a wallet. */
export type ExchangeAnswer =
  | { verifiablePresentationRequest: Record<string, unknown> }
  | { verifiablePresentation: Record<string, unknown> };

function hashOf(exchangeId: string): Buffer {
  return createHash('sha256').update(exchangeId).digest();
}

/**
 * Wallet delivery of a certificate's credential over the VC API (VCALM) exchange protocol: the
 * holder, signed in, opens an exchange for one of their certificates; the wallet starts it
 * (`{}` → a DIDAuthentication request with a challenge), answers with a presentation signed by
 * its DID, and receives the stored signed credential in a presentation, once, before expiry.
 * The credential is not re-signed: the wallet's DID is recorded (exchange and audit trail), the
 * credential still names the learner as its subject.
 */
@Injectable()
export class WalletExchangesService {
  constructor(
    private readonly db: Database,
    private readonly exchanges: WalletExchangeRepository,
    private readonly certificates: CertificatesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Opens an exchange for the caller's own certificate (an admin's role gives no one else's). */
  async create(userId: string, rawNumber: string): Promise<NewWalletExchange> {
    const certificate = await this.certificates.byNumber(rawNumber);
    if (certificate.userId !== userId) {
      throw new CertificateError(CertificateErrorCode.NOT_YOURS, 'No certificate with this number.');
    }
    this.assertExportable(certificate);
    const exchangeId = randomBytes(32).toString('base64url');
    const createdAt = this.clock.now();
    const expiresAt = new Date(createdAt.getTime() + WALLET_EXCHANGE_MINUTES * 60_000);
    await this.db.withTransaction(async () => {
      const id = await this.exchanges.insert({
        tokenHash: hashOf(exchangeId),
        certificateId: certificate.id,
        createdBy: userId,
        challenge: randomUUID(),
        createdAt,
        expiresAt,
      });
      await this.audit.record({
        action: 'wallet_exchange.created',
        subjectType: 'certificate',
        subjectId: certificate.id,
        actorUserId: userId,
        details: { exchangeId: id, expiresAt: expiresAt.toISOString() },
      });
    });
    return { exchangeId, expiresAt, links: walletLinks(this.config.publicUrl, exchangeId) };
  }

  /** The caller's exchange of this certificate, for its page; null for anything else. */
  async view(userId: string, certificateId: string, exchangeId: string): Promise<WalletExchangeView | null> {
    const exchange = EXCHANGE_ID_PATTERN.test(exchangeId)
      ? await this.exchanges.findByTokenHash(hashOf(exchangeId))
      : null;
    if (!exchange || exchange.createdBy !== userId || exchange.certificateId !== certificateId) {
      return null;
    }
    const state = exchange.completedAt
      ? 'received'
      : exchange.expiresAt.getTime() <= this.clock.now().getTime()
        ? 'expired'
        : 'open';
    return {
      state,
      expiresAt: exchange.expiresAt,
      completedAt: exchange.completedAt,
      holderDid: exchange.holderDid,
      links: walletLinks(this.config.publicUrl, exchangeId),
    };
  }

  /** The interaction URL's answer: the protocols the exchange speaks (VCALM: only `vcapi`). */
  async protocols(exchangeId: string): Promise<{ protocols: { vcapi: string } }> {
    await this.openExchange(exchangeId);
    return { protocols: { vcapi: walletLinks(this.config.publicUrl, exchangeId).exchangeUrl } };
  }

  /** An open exchange's expiry and links, for the page the interaction URL shows a person. */
  async interaction(exchangeId: string): Promise<{ expiresAt: Date; links: WalletLinks }> {
    const { expiresAt } = await this.openExchange(exchangeId);
    return { expiresAt, links: walletLinks(this.config.publicUrl, exchangeId) };
  }

  /**
   * One step of the exchange, as the wallet POSTs it: without a presentation, the DID
   * Authentication request; with one, its check and then the credential, to exactly one caller.
   */
  async participate(exchangeId: string, presentation: unknown): Promise<ExchangeAnswer> {
    const exchange = await this.openExchange(exchangeId);
    const links = walletLinks(this.config.publicUrl, exchangeId);
    const domain = exchangeDomain(this.config.publicUrl);
    if (presentation === undefined) {
      return {
        verifiablePresentationRequest: {
          query: [
            {
              type: 'DIDAuthentication',
              acceptedMethods: [{ method: 'key' }],
              acceptedCryptosuites: [
                { cryptosuite: 'eddsa-rdfc-2022' },
                { cryptosuite: 'Ed25519Signature2020' },
              ],
            },
          ],
          challenge: exchange.challenge,
          domain,
          // The VP Request Spec's shape, which LCW's exchange code has read (`interact.service[0]`);
          // today's LCW posts to the exchange URL it started, which is this same address.
          interact: {
            service: [{ type: 'UnmediatedHttpPresentationService2021', serviceEndpoint: links.exchangeUrl }],
          },
        },
      };
    }
    const authentication = await verifyDidAuthentication(presentation, {
      challenge: exchange.challenge,
      domain,
    });
    if (!authentication.ok) {
      throw new CertificateError(
        CertificateErrorCode.BAD_PRESENTATION,
        authentication.problem,
        'verifiablePresentation',
      );
    }
    const certificate = await this.certificates.byNumber(exchange.certificateNumber);
    this.assertExportable(certificate);
    // Signed now if the worker has not yet, before the transaction that hands it out.
    const credential = await this.certificates.credential(certificate);
    await this.db.withTransaction(async () => {
      if (!(await this.exchanges.completeIfOpen(exchange.id, authentication.did, this.clock.now()))) {
        // Another wallet was first, or the link expired meanwhile: say which.
        await this.openExchange(exchangeId);
        throw this.used();
      }
      await this.audit.record({
        action: 'certificate.sent_to_wallet',
        subjectType: 'certificate',
        subjectId: certificate.id,
        actorUserId: exchange.createdBy,
        details: { exchangeId: exchange.id, holderDid: authentication.did },
      });
    });
    return {
      verifiablePresentation: {
        '@context': [VC_V2_CONTEXT],
        type: ['VerifiablePresentation'],
        verifiableCredential: [credential],
      },
    };
  }

  /** The exchange if it can still hand out its credential; else why not, as a typed error. */
  private async openExchange(exchangeId: string): Promise<WalletExchange> {
    const exchange = EXCHANGE_ID_PATTERN.test(exchangeId)
      ? await this.exchanges.findByTokenHash(hashOf(exchangeId))
      : null;
    if (!exchange) {
      throw new CertificateError(
        CertificateErrorCode.EXCHANGE_NOT_FOUND,
        'No wallet link with this address. Make a new one from your certificate’s page.',
      );
    }
    if (exchange.completedAt) {
      throw this.used();
    }
    if (exchange.expiresAt.getTime() <= this.clock.now().getTime()) {
      throw new CertificateError(
        CertificateErrorCode.EXCHANGE_EXPIRED,
        `This wallet link expired (each works for ${WALLET_EXCHANGE_MINUTES} minutes). Make a new one from your certificate’s page.`,
      );
    }
    return exchange;
  }

  private used(): CertificateError {
    return new CertificateError(
      CertificateErrorCode.EXCHANGE_USED,
      'This wallet link was used already: it works once. Make a new one from your certificate’s page.',
    );
  }

  private assertExportable(certificate: Certificate): void {
    if (certificate.status !== 'valid') {
      throw new CertificateError(
        CertificateErrorCode.NOT_EXPORTABLE,
        `This certificate is ${certificate.status}: it cannot be added to a wallet.`,
      );
    }
  }
}
