import { sql, type Kysely } from 'kysely';

/**
 * Issue 11 (account takeover across workspaces, login throttling, key expiry):
 * - a membership can be disabled in one workspace without touching the login
 *   (`users.disabled_at` stays the operator's global switch);
 * - adding an email to a workspace is an invitation the person accepts, whether or not a login with
 *   that email exists (the workspace learns nothing about logins elsewhere);
 * - failed logins are counted per account and per address in the database, so every API process
 *   sees the same backoff (the table is global like `users`: a login is not in one workspace);
 * - API keys may expire.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE workspace_members ADD COLUMN disabled_at timestamptz;

    CREATE TABLE workspace_invitations (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      email text NOT NULL,
      name text NOT NULL,
      role text NOT NULL,
      invited_by text NOT NULL,
      created_login_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE UNIQUE INDEX workspace_invitations_email_key ON workspace_invitations (workspace_id, lower(email));
    CREATE INDEX workspace_invitations_invitee_idx ON workspace_invitations (lower(email));

    CREATE TABLE login_throttle (
      key text PRIMARY KEY,
      failures integer NOT NULL DEFAULT 0,
      last_failure_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz
    );

    ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
