import type { Actor } from '../../core/auth/actor.ts';
import { invalid } from '../../core/errors.ts';
import type { CxBaseKernel } from '../kernel.ts';
import { MentionAlerts } from './alerts.ts';
import type { RawAuthor } from './connectors.ts';
import { MentionPoller } from './poller.ts';
import { Sources } from './sources.ts';
import { MentionStore, type MentionView } from './store.ts';
import { plainText } from './text-clean.ts';

/** What the generic webhook connector takes (POST /api/v1/mentions). */
export interface WebhookMention {
  source: string;
  text: string;
  url?: string | null;
  author?: string | null;
  publishedAt?: string | null;
  externalId?: string | null;
  title?: string | null;
  authorFollowers?: number | null;
  authorEmail?: string | null;
  authorTelegramId?: string | null;
  authorVkId?: string | null;
}

/**
 * Public mentions from feeds and webhooks, their analysis, authors and alerts (issue 19, points 3
 * and 5). Parts: sources.ts (configuration), poller.ts (polling with a lease per source),
 * connectors.ts (RSS/Atom, Telegram bridge, VK, reviews), store.ts (dedupe, authors, linking,
 * analysis, lists), alerts.ts + spike.ts (rules, the spike rule, delivery). README.md: the formats.
 */
export class Mentions {
  readonly store: MentionStore;
  readonly sources: Sources;
  readonly poller: MentionPoller;
  readonly alerts: MentionAlerts;

  constructor(readonly k: CxBaseKernel) {
    this.store = new MentionStore(k);
    this.sources = new Sources(k);
    this.alerts = new MentionAlerts(k);
    this.poller = new MentionPoller(k, this.store, (ws) => this.alerts.evaluate(ws).then(() => undefined));
    this.alerts.wire();
    // Work in worker processes only (Jobs.every): sources due a poll, and rules looked at each minute
    // (a window's count grows with time even when nothing new arrives through this process).
    k.jobs.every('cx.mention-poll', k.config.mentionsPollSeconds, () => this.poller.pollAll());
    k.jobs.every('cx.mention-alerts', 60, () => this.alerts.evaluateAll());
  }

  /** The generic webhook connector: one mention pushed by another system; a duplicate returns the stored one. */
  async receive(actor: Actor, m: WebhookMention): Promise<{ mention: MentionView; created: boolean }> {
    const ws = actor.workspaceId;
    if (!plainText(m.text)) throw invalid('text', 'no text once HTML is removed', 'REQUIRED');
    const label = m.source.trim().toLowerCase();
    const handle = m.author?.trim();
    const author: RawAuthor | null =
      handle || m.authorEmail
        ? {
            network: m.authorEmail && !handle ? 'email' : label,
            handle: (handle ?? m.authorEmail!).toLowerCase(),
            name: handle ?? null,
            followers: m.authorFollowers ?? null,
            email: m.authorEmail?.toLowerCase() ?? null,
            telegramId: m.authorTelegramId ?? null,
            vkId: m.authorVkId ?? null,
          }
        : null;
    const r = await this.store.ingestOne(
      ws,
      { sourceId: null, source: label, sourceKey: `webhook:${label}` },
      {
        externalId: m.externalId ?? null,
        url: m.url ?? null,
        title: m.title ? plainText(m.title, 500) : null,
        text: m.text,
        publishedAt: m.publishedAt ? new Date(m.publishedAt) : null,
        author,
      },
    );
    if (r.created) await this.alerts.evaluate(ws).catch((err) => this.k.log.warn({ err }, 'mention alerts failed'));
    return { mention: await this.store.get(ws, r.id), created: r.created };
  }

  stop(): void {
    this.poller.stop();
  }
}
