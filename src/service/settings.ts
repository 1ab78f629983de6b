import { z } from 'zod';
import { int, type SettingsOf, type SettingsSpec } from '../core/config.ts';
import { channelSettings } from './channels/settings.ts';

/** The service desk's settings (`kartoteka config` lists them after the modules before it). */
export const serviceSettings = {
  serviceAttachmentMaxBytes: {
    env: 'KARTOTEKA_SERVICE_ATTACHMENT_MAX_BYTES',
    schema: int(1024, 100 * 1024 * 1024),
    default: 10 * 1024 * 1024,
    description:
      'The largest attachment an inbound message keeps (bytes); a bigger one is refused with its reason noted on the message, the message itself kept',
  },
  serviceThreadDays: {
    env: 'KARTOTEKA_SERVICE_THREAD_DAYS',
    schema: int(0, 365),
    default: 7,
    description:
      "A client's message without a thread reference joins their conversation on the same inbox that is still open (or solved) and had a message within this many days; else it opens a new one",
  },
  serviceBlockedTypes: {
    env: 'KARTOTEKA_SERVICE_BLOCKED_TYPES',
    schema: z.string().max(2000),
    default:
      '.exe,.bat,.cmd,.com,.scr,.pif,.js,.jse,.vbs,.vbe,.wsf,.wsh,.msi,.msp,.ps1,.jar,.hta,.cpl,.lnk,.reg,.dll,.iso',
    description:
      'Attachment file extensions refused as dangerous (comma-separated); executable content types are refused too. The message is kept, with the reason',
  },
  // The inbound channels' (SMTP receiver, IMAP polling, chat): src/service/channels/settings.ts.
  ...channelSettings,
} as const satisfies SettingsSpec;

export type ServiceSettings = SettingsOf<typeof serviceSettings>;
