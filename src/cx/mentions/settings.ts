import { int, type SettingsOf, type SettingsSpec } from '../../core/config.ts';

/** The mentions' settings (part of the cx module's, src/cx/settings.ts). */
export const mentionsSettings = {
  mentionsPollSeconds: {
    env: 'KARTOTEKA_MENTIONS_POLL_SECONDS',
    schema: int(1, 86_400),
    default: 60,
    description:
      'How often the worker looks for mention sources due a poll (each source has its own interval, poll_minutes)',
  },
  mentionsFetchTimeoutMs: {
    env: 'KARTOTEKA_MENTIONS_FETCH_TIMEOUT_MS',
    schema: int(100, 120_000),
    default: 15_000,
    description: 'How long one fetch of a mention source may take before it is recorded as a timeout',
  },
  mentionsFetchMaxBytes: {
    env: 'KARTOTEKA_MENTIONS_FETCH_MAX_BYTES',
    schema: int(1024, 50 * 1024 * 1024),
    default: 5 * 1024 * 1024,
    description:
      'The largest answer of a mention source (feed, bridge, API) read; a bigger one is an error on the source',
  },
  mentionsKolFollowers: {
    env: 'KARTOTEKA_MENTIONS_KOL_FOLLOWERS',
    schema: int(1, 1_000_000_000),
    default: 10_000,
    description: 'An author with at least this many followers (subscribers, members) is flagged a key opinion leader',
  },
} satisfies SettingsSpec;
export type MentionsSettings = SettingsOf<typeof mentionsSettings>;
