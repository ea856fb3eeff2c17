import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recordings pipeline bookkeeping (flag, last error, attempts, when Asterisk finished) and the
 * trainers' side: time-coded comments, scorecard templates with weighted criteria, and scores.
 */
export class RecordingsReview1764270000000 implements MigrationInterface {
  name = 'RecordingsReview1764270000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

const DEFAULT_CRITERIA = JSON.stringify([
  { key: 'greeting', label: 'Greeting and introduction', weight: 1, maxPoints: 5 },
  { key: 'discovery', label: 'Needs discovery questions', weight: 3, maxPoints: 5 },
  { key: 'value', label: 'Value presented against the needs', weight: 3, maxPoints: 5 },
  { key: 'objections', label: 'Objections handled', weight: 2, maxPoints: 5 },
  { key: 'next-step', label: 'Clear next step agreed', weight: 3, maxPoints: 5 },
]);

const UP = [
  `ALTER TABLE recordings ADD COLUMN flag varchar(40) NULL`,
  `ALTER TABLE recordings ADD COLUMN last_error varchar(300) NULL`,
  `ALTER TABLE recordings ADD COLUMN upload_attempts int NOT NULL DEFAULT 0`,
  `ALTER TABLE recordings ADD COLUMN finished_at timestamptz NULL`,
  `ALTER TABLE recordings ADD COLUMN deleted_at timestamptz NULL`,
  `CREATE INDEX ix_recordings_status_started ON recordings (status, started_at)`,
  `CREATE TABLE recording_comments (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    recording_id uuid NOT NULL,
    author_user_id uuid NULL,
    offset_seconds numeric(10, 2) NOT NULL,
    body varchar(2000) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_recording_comments PRIMARY KEY (id),
    CONSTRAINT ck_recording_comments_offset CHECK (offset_seconds >= 0),
    CONSTRAINT fk_recording_comments_recording FOREIGN KEY (recording_id) REFERENCES recordings (id) ON DELETE CASCADE,
    CONSTRAINT fk_recording_comments_author FOREIGN KEY (author_user_id) REFERENCES users (id) ON DELETE SET NULL
  )`,
  `CREATE INDEX ix_recording_comments_recording ON recording_comments (recording_id, offset_seconds)`,
  `CREATE TABLE scorecard_templates (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    key varchar(40) NOT NULL,
    name varchar(120) NOT NULL,
    criteria jsonb NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_scorecard_templates PRIMARY KEY (id),
    CONSTRAINT uq_scorecard_templates_key UNIQUE (key),
    CONSTRAINT ck_scorecard_templates_key CHECK (key ~ '^[a-z][a-z0-9_-]{0,39}$'),
    CONSTRAINT ck_scorecard_templates_criteria CHECK (jsonb_typeof(criteria) = 'array' AND jsonb_array_length(criteria) > 0)
  )`,
  `INSERT INTO scorecard_templates (key, name, criteria) VALUES ('default', 'Sales call QA', '${DEFAULT_CRITERIA}'::jsonb)`,
  `CREATE TABLE recording_scores (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    recording_id uuid NOT NULL,
    template_id uuid NOT NULL,
    scorer_user_id uuid NOT NULL,
    answers jsonb NOT NULL,
    score numeric(5, 1) NOT NULL,
    note varchar(2000) NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_recording_scores PRIMARY KEY (id),
    CONSTRAINT uq_recording_scores_scorer UNIQUE (recording_id, template_id, scorer_user_id),
    CONSTRAINT ck_recording_scores_score CHECK (score >= 0 AND score <= 100),
    CONSTRAINT fk_recording_scores_recording FOREIGN KEY (recording_id) REFERENCES recordings (id) ON DELETE CASCADE,
    CONSTRAINT fk_recording_scores_template FOREIGN KEY (template_id) REFERENCES scorecard_templates (id) ON DELETE RESTRICT,
    CONSTRAINT fk_recording_scores_scorer FOREIGN KEY (scorer_user_id) REFERENCES users (id) ON DELETE CASCADE
  )`,
  `CREATE INDEX ix_recording_scores_created ON recording_scores (created_at)`,
];

const DOWN = [
  `DROP TABLE recording_scores`,
  `DROP TABLE scorecard_templates`,
  `DROP TABLE recording_comments`,
  `DROP INDEX ix_recordings_status_started`,
  `ALTER TABLE recordings DROP COLUMN deleted_at`,
  `ALTER TABLE recordings DROP COLUMN finished_at`,
  `ALTER TABLE recordings DROP COLUMN upload_attempts`,
  `ALTER TABLE recordings DROP COLUMN last_error`,
  `ALTER TABLE recordings DROP COLUMN flag`,
];
