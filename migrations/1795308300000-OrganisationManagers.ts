import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Managers of a verifier organisation: the members who create and revoke its API keys and see
 * refused uses of them. Only a member can be a manager (a CHECK); an organisation may have several.
 *
 * Until now every verifier of an organisation could manage its keys. Where an organisation has
 * exactly one active verifier, that person was the one managing its keys anyway, so they stay
 * able to. Where it has several, nothing says which of them should hold its keys, and giving it
 * to all of them would keep the very exposure managers exist to end: none becomes a manager, and
 * an admin chooses on the organisation's page (admins can still create and revoke its keys there
 * meanwhile). Disabled accounts neither count nor become managers.
 */
export class OrganisationManagers1795308300000 implements MigrationInterface {
  name = 'OrganisationManagers1795308300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE app_user
        ADD COLUMN organisation_manager boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT app_user_manager_is_member
          CHECK (NOT organisation_manager OR organisation_id IS NOT NULL)`);
    await queryRunner.query(`
      UPDATE app_user u SET organisation_manager = true
       WHERE u.organisation_id IS NOT NULL
         AND 'verifier' = ANY (u.roles)
         AND u.disabled_at IS NULL
         AND (SELECT count(*) FROM app_user o
               WHERE o.organisation_id = u.organisation_id
                 AND 'verifier' = ANY (o.roles)
                 AND o.disabled_at IS NULL) = 1`);
    await queryRunner.query(`CREATE INDEX app_user_organisation_idx ON app_user (organisation_id)
      WHERE organisation_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX app_user_organisation_idx`);
    await queryRunner.query(`ALTER TABLE app_user DROP COLUMN organisation_manager`);
  }
}
