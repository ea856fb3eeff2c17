import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbound webhook delivery log. The primary key is the event id, so storing the same event
 * twice is refused by the database rather than by application code.
 */
export class WebhookDeliveries1764240000000 implements MigrationInterface {
  name = 'WebhookDeliveries1764240000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

const UP = [
  `CREATE TABLE webhook_deliveries (
    id uuid NOT NULL,
    event_type varchar(40) NOT NULL,
    payload jsonb NOT NULL,
    status varchar(12) NOT NULL DEFAULT 'pending',
    attempts int NOT NULL DEFAULT 0,
    last_status_code int NULL,
    last_error varchar(500) NULL,
    next_attempt_at timestamptz NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz NULL,
    CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id),
    CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending', 'delivered', 'failed')),
    CONSTRAINT ck_webhook_deliveries_attempts CHECK (attempts >= 0),
    CONSTRAINT ck_webhook_deliveries_delivered_at CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
  )`,
  `CREATE INDEX ix_webhook_deliveries_status ON webhook_deliveries (status, created_at)`,
];

const DOWN = [`DROP INDEX ix_webhook_deliveries_status`, `DROP TABLE webhook_deliveries`];
