import { sql, type Kysely } from 'kysely';

/**
 * Surveys (issue 19): the survey (type, texts in RU and EN, custom questions, targeting), one
 * recipient row per person a wave reached or skipped (with the reason), the answers (score,
 * custom answers, the verbatim's analysis, the segments the person was in, the follow-up ticket
 * and its outcome), and the workspace's re-contact limit across all surveys.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE cx_surveys (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      type text NOT NULL,
      status text NOT NULL DEFAULT 'draft',
      texts jsonb NOT NULL DEFAULT '{}',
      questions jsonb NOT NULL DEFAULT '[]',
      segment_id uuid,
      channels jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      CHECK (type IN ('nps', 'csat', 'ces', 'custom')),
      CHECK (status IN ('draft', 'active', 'closed'))
    );
    CREATE INDEX cx_surveys_created_idx ON cx_surveys (workspace_id, created_at DESC, id DESC);
    CREATE TABLE cx_survey_recipients (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      survey_id uuid NOT NULL,
      person_id uuid NOT NULL,
      channel text NOT NULL,
      locale text NOT NULL DEFAULT 'ru',
      status text NOT NULL,
      skip_reason text,
      message_id uuid,
      sent_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      UNIQUE (workspace_id, survey_id, person_id),
      FOREIGN KEY (workspace_id, survey_id) REFERENCES cx_surveys (workspace_id, id) ON DELETE CASCADE,
      CHECK (status IN ('sent', 'skipped'))
    );
    CREATE INDEX cx_survey_recipients_person_idx ON cx_survey_recipients (workspace_id, person_id, sent_at) WHERE status = 'sent';
    CREATE TABLE cx_survey_responses (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      survey_id uuid NOT NULL,
      recipient_id uuid,
      person_id uuid NOT NULL,
      channel text,
      locale text NOT NULL DEFAULT 'ru',
      score integer,
      answers jsonb NOT NULL DEFAULT '{}',
      comment text,
      analysis jsonb,
      sentiment text,
      segment_ids jsonb NOT NULL DEFAULT '[]',
      follow_up text,
      follow_up_conversation_id uuid,
      follow_up_status text,
      answered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, survey_id) REFERENCES cx_surveys (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX cx_survey_responses_survey_idx ON cx_survey_responses (workspace_id, survey_id, answered_at DESC, id DESC);
    CREATE INDEX cx_survey_responses_person_idx ON cx_survey_responses (workspace_id, person_id, answered_at);
    CREATE INDEX cx_survey_responses_ticket_idx ON cx_survey_responses (workspace_id, follow_up_conversation_id)
      WHERE follow_up_conversation_id IS NOT NULL;
    CREATE TABLE cx_survey_settings (
      workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      recontact_days integer NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS cx_survey_settings;
    DROP TABLE IF EXISTS cx_survey_responses;
    DROP TABLE IF EXISTS cx_survey_recipients;
    DROP TABLE IF EXISTS cx_surveys;
  `.execute(db);
}
