import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rep's SIP account, as needed to push it to Asterisk again after a restart without keeping the
 * password: the digest HA1 (md5 of user:realm:password) is all PJSIP needs to authenticate.
 */
export class RepSipAccounts1764260000000 implements MigrationInterface {
  name = 'RepSipAccounts1764260000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE reps ADD COLUMN sip_ha1 char(32) NULL`);
    await queryRunner.query(`ALTER TABLE reps ADD COLUMN sip_static_contact varchar(120) NULL`);
    await queryRunner.query(`ALTER TABLE reps ADD CONSTRAINT ck_reps_sip_ha1 CHECK (sip_ha1 IS NULL OR sip_ha1 ~ '^[0-9a-f]{32}$')`);
    await queryRunner.query(`ALTER TABLE reps ADD CONSTRAINT ck_reps_sip_static_contact CHECK (sip_static_contact IS NULL OR sip_static_contact ~ '^sip:[a-z0-9_-]+@[0-9a-z.-]+:[0-9]{1,5}$')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE reps DROP CONSTRAINT ck_reps_sip_static_contact`);
    await queryRunner.query(`ALTER TABLE reps DROP CONSTRAINT ck_reps_sip_ha1`);
    await queryRunner.query(`ALTER TABLE reps DROP COLUMN sip_static_contact`);
    await queryRunner.query(`ALTER TABLE reps DROP COLUMN sip_ha1`);
  }
}
