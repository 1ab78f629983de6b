import { sql, type Kysely } from 'kysely';

/**
 * Social listening (issue 19, points 3 and 5): the workspace's mention sources (feeds, a Telegram
 * bridge, VK search, review sites; the poll lease, the last error), the authors (one per network
 * and handle: reach, the linked person, the opinion-leader flag), the mentions with their analysis
 * (deduplicated by `dedupe_key`, and by `url_key` across sources), the alert rules and the alerts they raised (one per rule and window).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE cx_mention_sources (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      kind text NOT NULL,
      url text,
      settings jsonb NOT NULL DEFAULT '{}',
      enabled boolean NOT NULL DEFAULT true,
      poll_minutes integer NOT NULL DEFAULT 15,
      lease_until timestamptz,
      polled_at timestamptz,
      last_ok_at timestamptz,
      last_error text,
      last_fetched integer NOT NULL DEFAULT 0,
      fetched_total integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      CHECK (kind IN ('rss', 'telegram', 'vk', 'reviews', 'webhook'))
    );
    CREATE INDEX cx_mention_sources_due_idx ON cx_mention_sources (polled_at) WHERE enabled;
    CREATE TABLE cx_mention_authors (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      network text NOT NULL,
      handle text NOT NULL,
      name text,
      profile_url text,
      followers integer,
      person_id uuid,
      kol boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      UNIQUE (workspace_id, network, handle)
    );
    CREATE INDEX cx_mention_authors_person_idx ON cx_mention_authors (workspace_id, person_id) WHERE person_id IS NOT NULL;
    CREATE TABLE cx_mentions (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      source_id uuid,
      source text NOT NULL,
      external_id text,
      dedupe_key text NOT NULL,
      url text,
      url_key text,
      title text,
      text text NOT NULL,
      author_id uuid,
      author_name text,
      person_id uuid,
      published_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      language text NOT NULL DEFAULT 'und',
      sentiment text NOT NULL DEFAULT 'neutral',
      sentiment_score real NOT NULL DEFAULT 0,
      topics text[] NOT NULL DEFAULT '{}',
      complaint boolean NOT NULL DEFAULT false,
      PRIMARY KEY (workspace_id, id),
      UNIQUE (workspace_id, dedupe_key),
      CHECK (sentiment IN ('negative', 'neutral', 'positive')),
      FOREIGN KEY (workspace_id, author_id) REFERENCES cx_mention_authors (workspace_id, id) ON DELETE CASCADE
    );
    CREATE UNIQUE INDEX cx_mentions_url_key_idx ON cx_mentions (workspace_id, url_key) WHERE url_key IS NOT NULL;
    CREATE INDEX cx_mentions_published_idx ON cx_mentions (workspace_id, published_at DESC, id DESC);
    CREATE INDEX cx_mentions_negative_idx ON cx_mentions (workspace_id, published_at) WHERE sentiment = 'negative';
    CREATE INDEX cx_mentions_person_idx ON cx_mentions (workspace_id, person_id) WHERE person_id IS NOT NULL;
    CREATE TABLE cx_alert_rules (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      scope text NOT NULL DEFAULT 'all',
      scope_value text,
      metric text NOT NULL DEFAULT 'negative_mentions',
      window_minutes integer NOT NULL DEFAULT 60,
      baseline_windows integer NOT NULL DEFAULT 24,
      sigma real NOT NULL DEFAULT 3,
      min_count integer NOT NULL DEFAULT 5,
      emails text[] NOT NULL DEFAULT '{}',
      email_channel_id uuid,
      enabled boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      CHECK (scope IN ('all', 'topic', 'store', 'keyword')),
      CHECK (metric IN ('negative_mentions'))
    );
    CREATE TABLE cx_alerts (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      rule_id uuid NOT NULL,
      window_start timestamptz NOT NULL,
      window_end timestamptz NOT NULL,
      count integer NOT NULL,
      baseline_mean real NOT NULL,
      baseline_sd real NOT NULL,
      threshold real NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      acknowledged_at timestamptz,
      PRIMARY KEY (workspace_id, id),
      UNIQUE (workspace_id, rule_id, window_start),
      FOREIGN KEY (workspace_id, rule_id) REFERENCES cx_alert_rules (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX cx_alerts_created_idx ON cx_alerts (workspace_id, created_at DESC, id DESC);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS cx_alerts;
    DROP TABLE IF EXISTS cx_alert_rules;
    DROP TABLE IF EXISTS cx_mentions;
    DROP TABLE IF EXISTS cx_mention_authors;
    DROP TABLE IF EXISTS cx_mention_sources;
  `.execute(db);
}
