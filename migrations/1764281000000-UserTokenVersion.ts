import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A number every token carries: bumping it (disable, re-enable, password or role change) makes every
 * token issued before invalid on the next request, without a table of sessions.
 */
export class UserTokenVersion1764281000000 implements MigrationInterface {
  name = 'UserTokenVersion1764281000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE users ADD CONSTRAINT ck_users_token_version CHECK (token_version >= 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users DROP CONSTRAINT ck_users_token_version`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
