import { z } from 'zod';
import { INBOX_CHANNELS, PRIORITIES } from './tables.ts';

/** What routing and automation rules match on (every given test must hold; lists are "any of"). */
export const conditionsSchema = z
  .object({
    channels: z.array(z.enum(INBOX_CHANNELS)).max(10).optional(),
    inboxIds: z.array(z.uuid()).max(100).optional(),
    topics: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    languages: z.array(z.string().trim().min(2).max(10)).max(20).optional(),
    priorities: z.array(z.enum(PRIORITIES)).max(4).optional(),
    /** Words or phrases, any of which in the subject or text (case-insensitive). */
    keywords: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
    /** The person's `vip` trait is truthy (true) or not (false). */
    vip: z.boolean().optional(),
    /** A trait equals a value (e.g. { key: 'tier', equals: 'gold' }). */
    trait: z.object({ key: z.string().min(1).max(100), equals: z.unknown() }).optional(),
  })
  .strict();
export type Conditions = z.infer<typeof conditionsSchema>;

/** The facts a rule is tested against. */
export interface Facts {
  channel: string;
  inboxId: string;
  topic: string | null;
  language: string | null;
  priority: string;
  subject: string;
  text: string;
  traits: Record<string, unknown>;
}

const truthy = (v: unknown) => v === true || v === 'true' || v === 1 || v === 'yes' || v === '1';

export function matches(c: Conditions, f: Facts): boolean {
  if (c.channels?.length && !c.channels.includes(f.channel as never)) return false;
  if (c.inboxIds?.length && !c.inboxIds.includes(f.inboxId)) return false;
  if (c.topics?.length && !(f.topic && c.topics.some((t) => t.toLowerCase() === f.topic!.toLowerCase()))) return false;
  if (c.languages?.length && !(f.language && c.languages.includes(f.language))) return false;
  if (c.priorities?.length && !c.priorities.includes(f.priority as never)) return false;
  if (c.keywords?.length) {
    const hay = `${f.subject}\n${f.text}`.toLowerCase();
    if (!c.keywords.some((k) => hay.includes(k.toLowerCase()))) return false;
  }
  if (c.vip !== undefined && truthy(f.traits.vip) !== c.vip) return false;
  if (c.trait && JSON.stringify(f.traits[c.trait.key] ?? null) !== JSON.stringify(c.trait.equals ?? null)) return false;
  return true;
}
