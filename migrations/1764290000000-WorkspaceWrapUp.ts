import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The workspace's wrap-up (one per call: its primary key makes a second submit a replay, not a
 * second set of tasks) and the CRM's proposal.opened events (one per event id, for the same
 * reason), plus the "call-now" task type those events create.
 */
export class WorkspaceWrapUp1764290000000 implements MigrationInterface {
  name = 'WorkspaceWrapUp1764290000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tasks DROP CONSTRAINT ck_tasks_type`);
    await queryRunner.query(`ALTER TABLE tasks ADD CONSTRAINT ck_tasks_type CHECK (type IN ('callback', 'reminder', 'follow-up', 'nps-detractor', 'call-now'))`);
    await queryRunner.query(`CREATE TABLE call_wrap_ups (
      call_id uuid NOT NULL,
      rep_id uuid NOT NULL,
      outcome varchar(16) NOT NULL,
      note varchar(2000) NULL,
      callback_at timestamptz NULL,
      deal_id uuid NULL,
      deal_status varchar(8) NULL,
      stage_key varchar(40) NULL,
      lost_reason varchar(200) NULL,
      task_ids uuid[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_call_wrap_ups PRIMARY KEY (call_id),
      CONSTRAINT ck_call_wrap_ups_outcome CHECK (outcome IN ('interested', 'callback', 'not-interested', 'won', 'lost', 'wrong-number')),
      CONSTRAINT fk_call_wrap_ups_call FOREIGN KEY (call_id) REFERENCES calls (id) ON DELETE CASCADE,
      CONSTRAINT fk_call_wrap_ups_rep FOREIGN KEY (rep_id) REFERENCES reps (id) ON DELETE CASCADE,
      CONSTRAINT fk_call_wrap_ups_deal FOREIGN KEY (deal_id) REFERENCES deals (id) ON DELETE SET NULL
    )`);
    await queryRunner.query(`CREATE INDEX ix_call_wrap_ups_rep ON call_wrap_ups (rep_id, created_at)`);
    await queryRunner.query(`CREATE TABLE proposal_events (
      event_id varchar(100) NOT NULL,
      deal_id uuid NOT NULL,
      task_id uuid NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_proposal_events PRIMARY KEY (event_id),
      CONSTRAINT fk_proposal_events_deal FOREIGN KEY (deal_id) REFERENCES deals (id) ON DELETE CASCADE,
      CONSTRAINT fk_proposal_events_task FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE SET NULL
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE proposal_events`);
    await queryRunner.query(`DROP TABLE call_wrap_ups`);
    await queryRunner.query(`DELETE FROM tasks WHERE type = 'call-now'`);
    await queryRunner.query(`ALTER TABLE tasks DROP CONSTRAINT ck_tasks_type`);
    await queryRunner.query(`ALTER TABLE tasks ADD CONSTRAINT ck_tasks_type CHECK (type IN ('callback', 'reminder', 'follow-up', 'nps-detractor'))`);
  }
}
