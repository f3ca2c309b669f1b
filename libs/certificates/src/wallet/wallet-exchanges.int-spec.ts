import { Database, FakeClock } from '@academy/core';
import { SkillsLabCoreModule } from '@academy/skills-lab';
import { completedCourse } from '../../../../test/factories/completion';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { newUser } from '../../../../test/factories/users';
import { newTestWallet } from '../../../../test/support/test-wallet';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { CertificateErrorCode } from '../certificates-error';
import { CertificatesCoreModule } from '../certificates.module';
import { CertificatesService } from '../issuance/certificates.service';
import type { Certificate } from '../issuance/certificate.types';
import { WALLET_EXCHANGE_MINUTES, WalletExchangesService } from './wallet-exchanges.service';

interface PresentationRequest {
  verifiablePresentationRequest: { challenge: string; domain: string; query: { type: string }[] };
}

describe('wallet exchanges', () => {
  const clock = new FakeClock(new Date('2026-12-07T09:00:00Z'));
  let context: TestContext;
  let exchanges: WalletExchangesService;
  let course: { courseId: string; slug: string };

  beforeAll(async () => {
    context = await createTestContext([SkillsLabCoreModule, CertificatesCoreModule], { clock });
    exchanges = context.get(WalletExchangesService);
    course = await newPublishedCourse(context.module);
  });

  afterAll(() => context.close());

  async function holder(): Promise<{ userId: string; certificate: Certificate }> {
    return completedCourse(context.module, { course });
  }

  /** Starts the exchange as a wallet does (`{}`): its challenge and domain. */
  async function start(exchangeId: string): Promise<{ challenge: string; domain: string }> {
    const answer = (await exchanges.participate(exchangeId, undefined)) as PresentationRequest;
    expect(answer.verifiablePresentationRequest.query).toEqual([
      expect.objectContaining({ type: 'DIDAuthentication' }),
    ]);
    return answer.verifiablePresentationRequest;
  }

  async function handovers(certificateId: string): Promise<{ holderDid: string }[]> {
    const { rows } = await context.get(Database).execute<{ holderDid: string }>(
      `SELECT details->>'holderDid' AS "holderDid" FROM audit_event
         WHERE action = 'certificate.sent_to_wallet' AND subject_id = $1`,
      [certificateId],
    );
    return rows;
  }

  it('hands the credential to exactly one of two wallets completing at once, and records its DID', async () => {
    const { userId, certificate } = await holder();
    const { exchangeId } = await exchanges.create(userId, certificate.number);
    const request = await start(exchangeId);
    const [first, second] = await Promise.all([newTestWallet(), newTestWallet()]);
    const presentations = await Promise.all([first.authenticate(request), second.authenticate(request)]);

    const results = await Promise.allSettled(
      presentations.map((presentation) => exchanges.participate(exchangeId, presentation)),
    );

    const delivered = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result) => result.status === 'rejected');
    expect(delivered).toHaveLength(1);
    expect(refused).toEqual([
      { status: 'rejected', reason: expect.objectContaining({ code: CertificateErrorCode.EXCHANGE_USED }) },
    ]);
    const stored = await context.get(CertificatesService).byNumber(certificate.number);
    expect(delivered[0]!.value).toEqual({
      verifiablePresentation: expect.objectContaining({
        type: ['VerifiablePresentation'],
        verifiableCredential: [stored.credential],
      }),
    });
    const winner = results[0]!.status === 'fulfilled' ? first.did : second.did;
    expect(await handovers(certificate.id)).toEqual([{ holderDid: winner }]);
    const view = await exchanges.view(userId, certificate.id, exchangeId);
    expect(view).toMatchObject({ state: 'received', holderDid: winner });

    // Used is used: starting it again is refused too.
    await expect(exchanges.participate(exchangeId, undefined)).rejects.toMatchObject({
      code: CertificateErrorCode.EXCHANGE_USED,
    });
  });

  it('expires after its minutes, started or not', async () => {
    const { userId, certificate } = await holder();
    const wallet = await newTestWallet();
    const started = await exchanges.create(userId, certificate.number);
    const request = await start(started.exchangeId);
    const never = await exchanges.create(userId, certificate.number);

    clock.advance(WALLET_EXCHANGE_MINUTES * 60_000 - 1000);
    expect((await exchanges.view(userId, certificate.id, never.exchangeId))?.state).toBe('open');
    clock.advance(1000);

    await expect(exchanges.participate(never.exchangeId, undefined)).rejects.toMatchObject({
      code: CertificateErrorCode.EXCHANGE_EXPIRED,
    });
    await expect(
      exchanges.participate(started.exchangeId, await wallet.authenticate(request)),
    ).rejects.toMatchObject({ code: CertificateErrorCode.EXCHANGE_EXPIRED });
    expect((await exchanges.view(userId, certificate.id, started.exchangeId))?.state).toBe('expired');
    expect(await handovers(certificate.id)).toEqual([]);
  });

  it('refuses a presentation for another challenge and stays open for the right one', async () => {
    const { userId, certificate } = await holder();
    const { exchangeId } = await exchanges.create(userId, certificate.number);
    const request = await start(exchangeId);
    const wallet = await newTestWallet();

    await expect(
      exchanges.participate(
        exchangeId,
        await wallet.authenticate({ ...request, challenge: 'a-challenge-of-another-exchange' }),
      ),
    ).rejects.toMatchObject({ code: CertificateErrorCode.BAD_PRESENTATION, field: 'verifiablePresentation' });

    await expect(
      exchanges.participate(exchangeId, await wallet.authenticate(request)),
    ).resolves.toHaveProperty('verifiablePresentation');
  });

  it('opens exchanges only for the holder’s own certificate, never a revoked one, and never hands one out after revocation', async () => {
    const { userId, certificate } = await holder();
    const someoneElse = await newUser(context.module);
    const admin = await newUser(context.module, { roles: ['admin'] });
    await expect(exchanges.create(someoneElse.id, certificate.number)).rejects.toMatchObject({
      code: CertificateErrorCode.NOT_YOURS,
    });
    await expect(exchanges.create(admin.id, certificate.number)).rejects.toMatchObject({
      code: CertificateErrorCode.NOT_YOURS,
    });

    const { exchangeId } = await exchanges.create(userId, certificate.number);
    const request = await start(exchangeId);
    await context.get(CertificatesService).changeStatus(admin.id, certificate.number, {
      status: 'revoked',
      reason: 'issued_in_error',
      note: null,
    });
    const wallet = await newTestWallet();
    await expect(exchanges.participate(exchangeId, await wallet.authenticate(request))).rejects.toMatchObject(
      {
        code: CertificateErrorCode.NOT_EXPORTABLE,
      },
    );
    await expect(exchanges.create(userId, certificate.number)).rejects.toMatchObject({
      code: CertificateErrorCode.NOT_EXPORTABLE,
    });
    expect(await exchanges.view(someoneElse.id, certificate.id, exchangeId)).toBeNull();
  });
});
