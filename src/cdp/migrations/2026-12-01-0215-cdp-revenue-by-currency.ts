import { sql, type Kysely } from 'kysely';

/**
 * person_stats keeps order revenue and order counts per currency (`{"RUB": 1500, "USD": 20}`; ""
 * for orders that name no currency), so that revenue, average check, LTV and the RFM monetary
 * score add up amounts of one currency only: the workspace's `currency` setting, which orders
 * without a currency are taken to be in. Changing the setting needs no recompute. `revenue` stays
 * the plain sum of every order, as before.
 *
 * Existing rows are filled from the events (the amount and currency expressions as
 * computed-traits.ts has them today).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE person_stats ADD COLUMN revenue_by_currency jsonb NOT NULL DEFAULT '{}'::jsonb, ADD COLUMN orders_by_currency jsonb NOT NULL DEFAULT '{}'::jsonb`.execute(
    db,
  );
  const amount = sql.raw(
    `(CASE jsonb_typeof(x) WHEN 'number' THEN (x)::numeric WHEN 'string' THEN CASE WHEN (x #>> '{}') ~ '^[[:space:]]*[-+]?[0-9]{1,30}([.][0-9]{1,20})?[[:space:]]*$' THEN trim(x #>> '{}')::numeric END END)`,
  );
  await sql`
    UPDATE person_stats s SET revenue_by_currency = a.r, orders_by_currency = a.o
    FROM (
      SELECT workspace_id, person_id, jsonb_object_agg(cur, amt) AS r, jsonb_object_agg(cur, n) AS o
      FROM (
        SELECT e.workspace_id, e.person_id,
               CASE WHEN upper(btrim(e.properties ->> 'currency')) ~ '^[A-Z]{3}$' THEN upper(btrim(e.properties ->> 'currency')) ELSE '' END AS cur,
               coalesce(sum(${amount}), 0) AS amt, count(*) AS n
        FROM events e,
             LATERAL (SELECT coalesce(nullif(e.properties -> 'revenue', 'null'::jsonb), nullif(e.properties -> 'total', 'null'::jsonb), nullif(e.properties -> 'value', 'null'::jsonb)) AS x) v
        WHERE e.type = 'track' AND e.event = 'Order Completed' AND e.person_id IS NOT NULL
        GROUP BY 1, 2, 3
      ) c
      GROUP BY 1, 2
    ) a
    WHERE s.workspace_id = a.workspace_id AND s.person_id = a.person_id
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE person_stats DROP COLUMN revenue_by_currency, DROP COLUMN orders_by_currency`.execute(db);
}
