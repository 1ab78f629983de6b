import { sql, type Kysely } from 'kysely';

/**
 * The service desk's tables (issue 18; contract in /work/notes/contract-18.md).
 *
 * `service_inboxes`: where requests land (one channel each: email, chat, telegram, vk, whatsapp,
 * sms, api); an email inbox's address is unique across workspaces (SMTP has no workspace).
 * `service_conversations` is the ticket: status, priority, assignee/team, tags, custom fields and
 * the timestamps the SLA and reports read; `number` is a per-workspace counter for humans
 * (`service_counters`). `service_messages`: in, out and internal notes, idempotent by
 * (conversation's inbox, external_id) through `service_inbound_keys`; `service_attachments` keep
 * their bytes; `service_thread_keys` map email Message-IDs and chat sessions to a conversation.
 * Teams, canned responses, macros, routing and automation rules are the desk's configuration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE service_inboxes (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      channel text NOT NULL,
      address text,
      channel_id uuid,
      settings jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE UNIQUE INDEX service_inboxes_address_key ON service_inboxes (address) WHERE address IS NOT NULL AND deleted_at IS NULL;
    CREATE INDEX service_inboxes_channel_idx ON service_inboxes (workspace_id, channel_id) WHERE channel_id IS NOT NULL AND deleted_at IS NULL;

    CREATE TABLE service_teams (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      calendar_id uuid,
      assignment text NOT NULL DEFAULT 'round_robin',
      last_assigned_user uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );

    CREATE TABLE service_team_members (
      workspace_id uuid NOT NULL,
      team_id uuid NOT NULL,
      user_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, team_id, user_id),
      FOREIGN KEY (workspace_id, team_id) REFERENCES service_teams (workspace_id, id) ON DELETE CASCADE
    );

    CREATE TABLE service_counters (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      name text NOT NULL,
      value bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (workspace_id, name)
    );

    CREATE TABLE service_conversations (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      number bigint NOT NULL,
      inbox_id uuid NOT NULL,
      person_id uuid NOT NULL,
      channel text NOT NULL,
      subject text NOT NULL DEFAULT '',
      status text NOT NULL DEFAULT 'new',
      priority text NOT NULL DEFAULT 'normal',
      topic text,
      language text,
      assignee_id uuid,
      team_id uuid,
      tags text[] NOT NULL DEFAULT '{}',
      custom jsonb NOT NULL DEFAULT '{}'::jsonb,
      merged_into uuid,
      first_inbound_at timestamptz,
      first_response_at timestamptz,
      last_inbound_at timestamptz,
      last_outbound_at timestamptz,
      last_message_at timestamptz,
      next_response_due_at timestamptz,
      solved_at timestamptz,
      closed_at timestamptz,
      reopened_count integer NOT NULL DEFAULT 0,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      UNIQUE (workspace_id, number),
      FOREIGN KEY (workspace_id, inbox_id) REFERENCES service_inboxes (workspace_id, id)
    );
    CREATE INDEX service_conversations_list_idx ON service_conversations (workspace_id, last_message_at DESC, id DESC);
    CREATE INDEX service_conversations_person_idx ON service_conversations (workspace_id, person_id, inbox_id, last_message_at DESC);
    CREATE INDEX service_conversations_status_idx ON service_conversations (workspace_id, status, last_message_at DESC);
    CREATE INDEX service_conversations_assignee_idx ON service_conversations (workspace_id, assignee_id, status) WHERE assignee_id IS NOT NULL;

    CREATE TABLE service_messages (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      direction text NOT NULL,
      channel text NOT NULL,
      author_user_id uuid,
      author_kind text NOT NULL,
      body text NOT NULL DEFAULT '',
      html text,
      external_id text,
      thread_key text,
      engage_message_id uuid,
      mentions uuid[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, conversation_id) REFERENCES service_conversations (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX service_messages_conversation_idx ON service_messages (workspace_id, conversation_id, created_at, id);
    CREATE INDEX service_messages_engage_idx ON service_messages (workspace_id, engage_message_id) WHERE engage_message_id IS NOT NULL;

    -- Idempotency of inbound messages: one (inbox, external id) is one message, whichever
    -- conversation it went to (a merge or split moves messages, not this key).
    CREATE TABLE service_inbound_keys (
      workspace_id uuid NOT NULL,
      inbox_id uuid NOT NULL,
      external_id text NOT NULL,
      message_id uuid NOT NULL,
      PRIMARY KEY (workspace_id, inbox_id, external_id),
      FOREIGN KEY (workspace_id, message_id) REFERENCES service_messages (workspace_id, id) ON DELETE CASCADE
    );

    CREATE TABLE service_attachments (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      message_id uuid NOT NULL,
      filename text NOT NULL,
      content_type text NOT NULL,
      size integer NOT NULL,
      content bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, message_id) REFERENCES service_messages (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX service_attachments_message_idx ON service_attachments (workspace_id, message_id);

    CREATE TABLE service_thread_keys (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      key text NOT NULL,
      conversation_id uuid NOT NULL,
      PRIMARY KEY (workspace_id, key),
      FOREIGN KEY (workspace_id, conversation_id) REFERENCES service_conversations (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX service_thread_keys_conversation_idx ON service_thread_keys (workspace_id, conversation_id);

    CREATE TABLE service_canned_responses (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      shortcut text,
      language text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );

    CREATE TABLE service_macros (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      actions jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );

    CREATE TABLE service_routing_rules (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      position integer NOT NULL DEFAULT 0,
      enabled boolean NOT NULL DEFAULT true,
      conditions jsonb NOT NULL DEFAULT '{}'::jsonb,
      actions jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );

    CREATE TABLE service_automation_rules (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      trigger text NOT NULL,
      position integer NOT NULL DEFAULT 0,
      enabled boolean NOT NULL DEFAULT true,
      conditions jsonb NOT NULL DEFAULT '{}'::jsonb,
      actions jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS service_automation_rules;
    DROP TABLE IF EXISTS service_routing_rules;
    DROP TABLE IF EXISTS service_macros;
    DROP TABLE IF EXISTS service_canned_responses;
    DROP TABLE IF EXISTS service_thread_keys;
    DROP TABLE IF EXISTS service_attachments;
    DROP TABLE IF EXISTS service_inbound_keys;
    DROP TABLE IF EXISTS service_messages;
    DROP TABLE IF EXISTS service_conversations;
    DROP TABLE IF EXISTS service_counters;
    DROP TABLE IF EXISTS service_team_members;
    DROP TABLE IF EXISTS service_teams;
    DROP TABLE IF EXISTS service_inboxes;
  `.execute(db);
}
