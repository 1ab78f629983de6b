import { sql, type Kysely } from 'kysely';

/**
 * The loyalty module's tables (issue 16): products, promotions, redemptions, bonus points.
 *
 * `loyalty_products`: the catalogue a cart's lines are checked against (upsert by sku).
 * `loyalty_promotions`: a mechanic with its params, validity, geography, eligible segment and
 * limits; `redemptions` counts the redemptions that applied it (the total limit is enforced by a
 * conditional update of this counter).
 * `loyalty_redemptions`: one row per redeemed order; `redemption_id` (the order id) is the
 * idempotency key, unique per workspace, and `body` is the answer a retry gets again.
 * `loyalty_redemption_promotions`: which promotions each redemption applied (the per-person limit
 * counts these).
 * `loyalty_balances`: a person's balance, the row locked FOR UPDATE by every change of it, never
 * below zero (CHECK).
 * `loyalty_points`: the append-only ledger (earn, spend, expire, adjust). An earn (or a positive
 * adjust) is a lot: `remaining` is what is left of it to spend or to expire, FIFO by expiry.
 * `loyalty_birthday_grants`: a birthday promotion's grant to a person in a year (once each).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE loyalty_products (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      sku text NOT NULL,
      name text NOT NULL,
      category text,
      price numeric(14, 2),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, sku)
    );
    CREATE INDEX loyalty_products_category_idx ON loyalty_products (workspace_id, category, sku);

    CREATE TABLE loyalty_promotions (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      mechanic text NOT NULL,
      params jsonb NOT NULL DEFAULT '{}'::jsonb,
      status text NOT NULL DEFAULT 'draft',
      starts_at timestamptz,
      ends_at timestamptz,
      geography jsonb NOT NULL DEFAULT '{"regions":[],"cities":[],"stores":[]}'::jsonb,
      segment_id uuid,
      limit_per_person integer,
      limit_total integer,
      redemptions integer NOT NULL DEFAULT 0,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX loyalty_promotions_status_idx ON loyalty_promotions (workspace_id, status, created_at);
    CREATE INDEX loyalty_promotions_active_idx ON loyalty_promotions (mechanic) WHERE status = 'active';

    CREATE TABLE loyalty_redemptions (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      redemption_id text NOT NULL,
      person_id uuid NOT NULL,
      promotion_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
      subtotal numeric(14, 2) NOT NULL DEFAULT 0,
      discount numeric(14, 2) NOT NULL DEFAULT 0,
      total numeric(14, 2) NOT NULL DEFAULT 0,
      points_earned integer NOT NULL DEFAULT 0,
      points_spent integer NOT NULL DEFAULT 0,
      store text,
      city text,
      region text,
      body jsonb,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, redemption_id)
    );
    CREATE INDEX loyalty_redemptions_person_idx ON loyalty_redemptions (workspace_id, person_id, created_at);

    CREATE TABLE loyalty_redemption_promotions (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      promotion_id uuid NOT NULL,
      redemption_id text NOT NULL,
      person_id uuid NOT NULL,
      discount numeric(14, 2) NOT NULL DEFAULT 0,
      points integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, promotion_id, redemption_id)
    );
    CREATE INDEX loyalty_redemption_promotions_person_idx ON loyalty_redemption_promotions (workspace_id, person_id, promotion_id);

    CREATE TABLE loyalty_balances (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      person_id uuid NOT NULL,
      balance integer NOT NULL DEFAULT 0 CHECK (balance >= 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, person_id)
    );

    CREATE TABLE loyalty_points (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL,
      person_id uuid NOT NULL,
      type text NOT NULL,
      points integer NOT NULL,
      balance_after integer NOT NULL,
      remaining integer,
      reason text NOT NULL DEFAULT '',
      order_id text,
      promotion_id uuid,
      expires_at timestamptz,
      idempotency_key text,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX loyalty_points_person_idx ON loyalty_points (workspace_id, person_id, id);
    CREATE UNIQUE INDEX loyalty_points_key_idx ON loyalty_points (workspace_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
    CREATE INDEX loyalty_points_lots_idx ON loyalty_points (workspace_id, person_id, expires_at, id) WHERE remaining > 0;
    CREATE INDEX loyalty_points_expiry_idx ON loyalty_points (expires_at) WHERE remaining > 0;

    CREATE TABLE loyalty_birthday_grants (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      promotion_id uuid NOT NULL,
      person_id uuid NOT NULL,
      year integer NOT NULL,
      entry_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, promotion_id, person_id, year)
    );
    CREATE INDEX loyalty_birthday_grants_person_idx ON loyalty_birthday_grants (workspace_id, person_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
