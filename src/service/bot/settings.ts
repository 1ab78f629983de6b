import { z } from 'zod';
import { AppError } from '../../core/errors.ts';

/** An inbox's bot (`settings.bot` of the inbox). */
export const botSettingsSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** Said with the first answer of a new conversation; empty: the built-in one in the client's language. */
    greeting: z
      .object({ ru: z.string().trim().max(1000).optional(), en: z.string().trim().max(1000).optional() })
      .strict()
      .optional(),
    /** Words that hand the conversation to a person, besides the built-in ones ("оператор", "agent"…). */
    handoverKeywords: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
    /** The least share of the question's words a published article must hold to be answered with (0–1). */
    kbThreshold: z.number().min(0.1).max(1).default(0.5),
  })
  .strict();
export type BotSettings = z.infer<typeof botSettingsSchema>;

/** The inbox's bot settings (defaults filled; off when absent or malformed). */
export function botSettingsOf(settings: Record<string, unknown> | null | undefined): BotSettings {
  const r = botSettingsSchema.safeParse(settings?.bot ?? {});
  return r.success ? r.data : botSettingsSchema.parse({});
}

/** Inbox settings as given → as stored: `bot` validated (422 naming `settings.bot.<field>`); `bot: null` removes it. */
export function prepareBotSettings(next: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!next || !('bot' in next)) return next;
  if (next.bot === null) {
    const { bot: _drop, ...rest } = next;
    return rest;
  }
  const parsed = botSettingsSchema.safeParse(next.bot);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({
      path: ['settings', 'bot', ...i.path.map(String)].join('.'),
      message: i.message,
    }));
    throw new AppError('VALIDATION_FAILED', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  }
  return { ...next, bot: parsed.data };
}
