import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import type { Outbound } from '../../core/net/outbound.ts';
import type { Secrets } from '../../core/secrets.ts';

/**
 * An email inbox's IMAP mailbox (`settings.imap` of the inbox): polled for unseen mail by
 * imap-poller.ts. The password is sealed at rest like an engage channel's secrets (AES-GCM under
 * KARTOTEKA_SECRET_KEY, src/core/secrets.ts) and never shown again: reads give `passwordSet: true`;
 * a patch without `password` keeps the stored one.
 */
export const imapSettingsSchema = z
  .object({
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(993),
    /** Implicit TLS (993); false = plain, upgraded with STARTTLS when the server offers it. */
    secure: z.boolean().default(true),
    user: z.string().min(1).max(320),
    password: z.string().min(1).max(1000).optional(),
    /** What a read shows instead of the password; ignored when sent back. */
    passwordSet: z.boolean().optional(),
    mailbox: z.string().min(1).max(200).default('INBOX'),
    /** Off: kept configured but not polled. */
    enabled: z.boolean().default(true),
  })
  .strict();

export type ImapSettings = z.infer<typeof imapSettingsSchema>;

/** How it is stored: the password sealed. */
export interface StoredImap extends Omit<ImapSettings, 'password'> {
  passwordSealed?: string;
}

/**
 * Settings as given to an inbox create/update → as stored: `imap` validated (422 naming the field),
 * its host checked by the outbound policy, its password sealed (or the previous one kept). Other
 * keys pass through unchanged. `imap: null` removes the mailbox.
 */
export async function prepareInboxSettings(
  deps: { secrets: Secrets; outbound: Outbound },
  next: Record<string, unknown> | undefined,
  previous: Record<string, unknown> | undefined,
): Promise<Record<string, unknown> | undefined> {
  if (!next || !('imap' in next)) return next;
  const raw = next.imap;
  if (raw === null) {
    const { imap: _drop, ...rest } = next;
    return rest;
  }
  const parsed = imapSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({
      path: ['settings', 'imap', ...i.path.map(String)].join('.'),
      message: i.message,
    }));
    throw new AppError('VALIDATION_FAILED', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  }
  const imap = parsed.data;
  const host = imap.host.trim();
  await deps.outbound.checkUrl(
    `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}/`,
    'settings.imap.host',
  );
  const prev = (previous?.imap ?? null) as StoredImap | null;
  const { password, passwordSet: _shown, ...rest } = imap;
  const passwordSealed = password ? deps.secrets.encrypt(password) : prev?.passwordSealed;
  if (!passwordSealed)
    throw new AppError('VALIDATION_FAILED', 'settings.imap.password: required', [
      { path: 'settings.imap.password', message: 'required', code: 'REQUIRED' },
    ]);
  const stored: StoredImap = { ...rest, host, passwordSealed };
  return { ...next, imap: stored };
}

/** Settings as an API read shows them: the sealed password replaced by whether one is set. */
export function redactInboxSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const imap = settings?.imap as StoredImap | undefined;
  if (!imap || typeof imap !== 'object') return settings;
  const { passwordSealed, ...rest } = imap;
  return { ...settings, imap: { ...rest, passwordSet: !!passwordSealed } };
}
