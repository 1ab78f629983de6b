import { z } from 'zod';
import type { ColumnType } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import { invalid } from '../core/errors.ts';

const cap = z.number().int().min(1).max(1000).nullable().default(null);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

/** A workspace's delivery policy (GET/PUT /api/v1/messaging/policy). Marketing messages only. */
/** The policy as a request body takes it (requests stay inline in the OpenAPI document). */
export const messagingPolicyInput = z.object({
  frequencyCaps: z
    .object({
      perChannelPerDay: cap.describe('Marketing messages a person gets per channel type in 24 hours at most'),
      perChannelPerWeek: cap.describe('… per channel type in 7 days'),
      allChannelsPerDay: cap.describe('… over all channels in 24 hours'),
      allChannelsPerWeek: cap.describe('… over all channels in 7 days'),
    })
    .default({ perChannelPerDay: null, perChannelPerWeek: null, allChannelsPerDay: null, allChannelsPerWeek: null }),
  quietHours: z
    .object({ start: hhmm, end: hhmm })
    .nullable()
    .default(null)
    .describe("No marketing message goes out between start and end in the person's time zone: it waits"),
  timezone: z
    .string()
    .max(64)
    .default('UTC')
    .describe('IANA time zone of persons without a `timezone` / `time_zone` trait'),
});
export const messagingPolicySchema = messagingPolicyInput.meta({ id: 'MessagingPolicy' });
export type MessagingPolicy = z.output<typeof messagingPolicySchema>;

export const DEFAULT_POLICY: MessagingPolicy = messagingPolicySchema.parse({});

/** Whether `tz` is an IANA zone this runtime knows. */
export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** One row per workspace that set a policy. */
export interface EngageMessagingPolicyTable {
  workspace_id: string;
  policy: ColumnType<MessagingPolicy, string, string>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
declare module '../core/db/schema.ts' {
  interface DB {
    engage_messaging_policy: EngageMessagingPolicyTable;
  }
}

export async function readPolicy(db: DbOrTx, ws: string): Promise<MessagingPolicy> {
  const row = await db
    .selectFrom('engage_messaging_policy')
    .select('policy')
    .where('workspace_id', '=', ws)
    .executeTakeFirst();
  // Parsed again: a policy stored before a field existed gets that field's default.
  return row ? messagingPolicySchema.parse(row.policy) : DEFAULT_POLICY;
}

export async function writePolicy(db: DbOrTx, ws: string, input: MessagingPolicy): Promise<MessagingPolicy> {
  if (!validTimeZone(input.timezone)) throw invalid('timezone', `unknown time zone "${input.timezone}"`);
  const policy = messagingPolicySchema.parse(input);
  await db
    .insertInto('engage_messaging_policy')
    .values({ workspace_id: ws, policy: JSON.stringify(policy), updated_at: new Date() })
    .onConflict((oc) =>
      oc.column('workspace_id').doUpdateSet({ policy: JSON.stringify(policy), updated_at: new Date() }),
    )
    .execute();
  return policy;
}
