import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wallet delivery: one VC-API exchange per request of a certificate's holder, handing out the
 * certificate's signed credential once, within its lifetime. The exchange id itself is a bearer
 * secret: only its SHA-256 is kept. `completed_at` and `holder_did` are set together, once, by
 * the conditional update that hands the credential out.
 */
export class WalletExchanges1795309500000 implements MigrationInterface {
  name = 'WalletExchanges1795309500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE wallet_exchange (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        certificate_id uuid NOT NULL REFERENCES certificate (id),
        created_by uuid NOT NULL REFERENCES app_user (id),
        challenge text NOT NULL CHECK (length(challenge) BETWEEN 16 AND 100),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        completed_at timestamptz,
        holder_did text CHECK (length(holder_did) BETWEEN 8 AND 2000),
        CONSTRAINT wallet_exchange_expires_after_creation CHECK (expires_at > created_at),
        CONSTRAINT wallet_exchange_completed_with_did CHECK ((completed_at IS NULL) = (holder_did IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX wallet_exchange_certificate_idx ON wallet_exchange (certificate_id, created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE wallet_exchange`);
  }
}
