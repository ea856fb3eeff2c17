import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rep's browser softphone (/workspace) is a second SIP endpoint with its own password, issued to
 * the logged-in rep each time the page opens; its HA1 is kept so the endpoint can be pushed to
 * Asterisk again after a restart, exactly like the desk account's.
 */
export class RepBrowserSoftphone1764281300000 implements MigrationInterface {
  name = 'RepBrowserSoftphone1764281300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE reps ADD COLUMN sip_web_ha1 char(32) NULL`);
    await queryRunner.query(`ALTER TABLE reps ADD CONSTRAINT ck_reps_sip_web_ha1 CHECK (sip_web_ha1 IS NULL OR sip_web_ha1 ~ '^[0-9a-f]{32}$')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE reps DROP CONSTRAINT ck_reps_sip_web_ha1`);
    await queryRunner.query(`ALTER TABLE reps DROP COLUMN sip_web_ha1`);
  }
}
