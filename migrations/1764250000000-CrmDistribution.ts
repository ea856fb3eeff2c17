import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What outbound distribution needs: the last contact and outcome per client (temperature and
 * "oldest contact first"), when a task was last assigned (grace period before redistribution), at
 * most one open deal per client (so concurrent calls cannot open two), and partial indexes for the
 * maintenance job's scans.
 */
export class CrmDistribution1764250000000 implements MigrationInterface {
  name = 'CrmDistribution1764250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

const UP = [
  `ALTER TABLE clients
    ADD COLUMN last_contact_at timestamptz NULL,
    ADD COLUMN last_outcome varchar(12) NULL,
    ADD CONSTRAINT ck_clients_last_outcome CHECK (last_outcome IS NULL OR last_outcome IN ('answered', 'abandoned', 'missed', 'no-answer', 'busy', 'failed', 'machine', 'after-hours', 'rejected'))`,
  `ALTER TABLE tasks ADD COLUMN assigned_at timestamptz NULL`,
  `UPDATE tasks SET assigned_at = created_at WHERE assignee_rep_id IS NOT NULL`,
  `CREATE UNIQUE INDEX uq_deals_client_open ON deals (client_id) WHERE status = 'open'`,
  `CREATE INDEX ix_clients_unowned ON clients (created_at) WHERE owner_rep_id IS NULL AND NOT do_not_call`,
  `CREATE INDEX ix_tasks_open_due ON tasks (due_at) WHERE status = 'open'`,
];

const DOWN = [
  `DROP INDEX ix_tasks_open_due`,
  `DROP INDEX ix_clients_unowned`,
  `DROP INDEX uq_deals_client_open`,
  `ALTER TABLE tasks DROP COLUMN assigned_at`,
  `ALTER TABLE clients DROP CONSTRAINT ck_clients_last_outcome, DROP COLUMN last_outcome, DROP COLUMN last_contact_at`,
];
