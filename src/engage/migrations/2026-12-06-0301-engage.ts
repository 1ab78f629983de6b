import { sql, type Kysely } from 'kysely';

/**
 * The engage module's messaging tables (issue 15).
 *
 * `engage_channels`: a configured channel (email over SMTP, SMS over SMPP or HTTP, web push,
 * Telegram, WhatsApp, VK, webhook); `config` is what the API may show, `secrets` the encrypted
 * JSON of what it never shows (src/core/secrets.ts).
 * `engage_templates` + `engage_template_versions`: every edit is a new version; a message records
 * the version it was rendered from.
 * `engage_messages`: the send ledger. `idempotency_key` is unique per workspace, so a retried
 * request, a retried job or a broadcast restarted after a crash never makes a second message for
 * the same person; `status` moves queued → sending → sent → delivered → opened → clicked, or ends in
 * bounced, failed, complained, suppressed (with `reason`).
 * `engage_message_events`: each message's history (one row per status change, open, click).
 * `engage_suppressions`: addresses never sent to again on a channel (hard bounce, complaint, manual).
 * `engage_broadcasts`: one-off mailings to a segment or list.
 * `engage_push_subscriptions`: browsers' Web Push subscriptions, per person.
 * `engage_subscription_groups` + `engage_group_optouts`: the preference centre's topics.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE engage_channels (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      type text NOT NULL,
      name text NOT NULL,
      config jsonb NOT NULL DEFAULT '{}'::jsonb,
      secrets text,
      rate_per_second integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );

    CREATE TABLE engage_templates (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      channel text NOT NULL,
      name text NOT NULL,
      kind text NOT NULL DEFAULT 'marketing',
      group_id uuid,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );

    CREATE TABLE engage_template_versions (
      workspace_id uuid NOT NULL,
      template_id uuid NOT NULL,
      version integer NOT NULL,
      format text NOT NULL,
      subject text,
      body text NOT NULL,
      variants jsonb NOT NULL DEFAULT '{}'::jsonb,
      actor text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, template_id, version)
    );

    CREATE TABLE engage_messages (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      idempotency_key text NOT NULL,
      person_id uuid NOT NULL,
      channel_id uuid NOT NULL,
      channel_type text NOT NULL,
      template_id uuid,
      template_version integer,
      broadcast_id uuid,
      kind text NOT NULL DEFAULT 'marketing',
      status text NOT NULL DEFAULT 'queued',
      reason text,
      address text,
      subject text,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      provider_id text,
      attempts integer NOT NULL DEFAULT 0,
      send_after timestamptz,
      claimed_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      delivered_at timestamptz,
      opened_at timestamptz,
      clicked_at timestamptz,
      bounced_at timestamptz,
      unsubscribed_at timestamptz,
      complained_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE UNIQUE INDEX engage_messages_key_idx ON engage_messages (workspace_id, idempotency_key);
    CREATE INDEX engage_messages_person_idx ON engage_messages (workspace_id, person_id, created_at);
    CREATE INDEX engage_messages_broadcast_idx ON engage_messages (workspace_id, broadcast_id, status) WHERE broadcast_id IS NOT NULL;
    CREATE INDEX engage_messages_provider_idx ON engage_messages (workspace_id, channel_id, provider_id) WHERE provider_id IS NOT NULL;
    CREATE INDEX engage_messages_due_idx ON engage_messages (send_after) WHERE status IN ('queued', 'sending');
    CREATE INDEX engage_messages_created_idx ON engage_messages (workspace_id, created_at);

    CREATE TABLE engage_message_events (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      message_id uuid NOT NULL,
      type text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}'::jsonb,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX engage_message_events_message_idx ON engage_message_events (workspace_id, message_id, occurred_at);

    CREATE TABLE engage_suppressions (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      channel text NOT NULL,
      address text NOT NULL,
      reason text NOT NULL,
      detail text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, channel, address)
    );

    CREATE TABLE engage_broadcasts (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      segment_id uuid NOT NULL,
      channel_id uuid NOT NULL,
      template_id uuid NOT NULL,
      status text NOT NULL DEFAULT 'draft',
      scheduled_at timestamptz,
      rate_per_minute integer,
      total integer,
      queued integer NOT NULL DEFAULT 0,
      job_id text,
      error text,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );

    CREATE TABLE engage_push_subscriptions (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      person_id uuid NOT NULL,
      endpoint text NOT NULL,
      p256dh text NOT NULL,
      auth text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE UNIQUE INDEX engage_push_subscriptions_endpoint_idx ON engage_push_subscriptions (workspace_id, endpoint);
    CREATE INDEX engage_push_subscriptions_person_idx ON engage_push_subscriptions (workspace_id, person_id);

    CREATE TABLE engage_subscription_groups (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      description text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE TABLE engage_group_optouts (
      workspace_id uuid NOT NULL,
      group_id uuid NOT NULL,
      person_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, group_id, person_id)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
