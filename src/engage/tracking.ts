import { sql } from 'kysely';
import { systemActor } from '../core/auth/actor.ts';
import { AppError } from '../core/errors.ts';
import type { ConsentChannel } from './channels/types.ts';
import { channelKind } from './channels/registry.ts';
import type { Engage } from './engage.ts';
import type { EngageBaseKernel } from './kernel.ts';
import { signLink, verifyLink } from './link-tokens.ts';
import { SubscriptionGroups } from './subscription-groups.ts';
import type { ChannelType, MessageKind } from './tables.ts';

/** What a template rendered (templates.ts `Rendered`; only the parts decorate reads). */
export interface RenderedParts {
  templateId?: string;
  subject?: string | null;
  html: string | null;
  text: string;
}

export interface DecorateInput {
  messageId: string;
  personId: string;
  channelType: ChannelType | string;
  kind: MessageKind;
}

export interface Decorated {
  html: string | null;
  text: string;
  headers: Record<string, string>;
}

export interface MessageLinks {
  /** The hosted unsubscribe page (GET shows it, POST unsubscribes: RFC 8058 one-click). */
  unsubscribeUrl: string;
  /** The preference centre: subscription groups one by one. */
  preferencesUrl: string;
  /** The List-Unsubscribe target a mail client POSTs `List-Unsubscribe=One-Click` to. */
  oneClickUrl: string;
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', '#39': "'" };
const decodeEntities = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|quot|apos|lt|gt);/gi, (m, e: string) => {
    const l = e.toLowerCase();
    if (l.startsWith('#x')) return String.fromCodePoint(Number.parseInt(l.slice(2), 16));
    if (l.startsWith('#')) return String.fromCodePoint(Number.parseInt(l.slice(1), 10));
    return ENTITIES[l] ?? m;
  });

// An <a …> tag's href attribute (quoted), wherever it sits among the tag's attributes.
const HREF_RE = /(<a\b[^>]*?\shref\s*=\s*)(["'])(.*?)\2/gis;
// A bare URL in plain text; trailing punctuation of the sentence is not part of it.
const TEXT_URL_RE = /https?:\/\/[^\s<>"'`]+/gi;

/**
 * Adds the UTM parameters a link lacks (utm_source=kartoteka, utm_medium=<channel type>,
 * utm_campaign=<broadcast or template name>), keeping the existing query string byte for byte and
 * the fragment. A URL that does not parse is returned as it is.
 */
export function withUtm(url: string, medium: string | null, campaign: string | null): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return url;
  const hashAt = url.indexOf('#');
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  const add: string[] = [];
  const want: [string, string | null][] = [
    ['utm_source', 'kartoteka'],
    ['utm_medium', medium],
    ['utm_campaign', campaign],
  ];
  for (const [k, v] of want)
    if (v && !u.searchParams.has(k)) add.push(`${k}=${encodeURIComponent(v).replace(/%20/g, '+')}`);
  if (!add.length) return url;
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${add.join('&')}${hash}`;
}

/**
 * Tracking: signed links (open pixel, click redirect, unsubscribe and preference pages), the
 * decoration of a rendered message with them, and what a hit on one of them records. The routes
 * are tracking-routes.ts; the pages preference-page.ts.
 */
export class Tracking {
  /** The preference centre's topics (subscription-groups.ts). */
  readonly groups: SubscriptionGroups;

  constructor(
    protected k: EngageBaseKernel,
    protected engage: Engage,
  ) {
    this.groups = new SubscriptionGroups(k);
  }

  /** The external base URL of links (KARTOTEKA_PUBLIC_URL, else this server on localhost). */
  get baseUrl(): string {
    return (this.k.config.publicUrl ?? `http://localhost:${this.k.config.port}`).replace(/\/+$/, '');
  }

  links(ws: string, m: { messageId: string; personId?: string }): MessageLinks {
    const token = signLink(this.engage.secrets, 'unsubscribe', { workspaceId: ws, messageId: m.messageId });
    const base = this.baseUrl;
    return {
      unsubscribeUrl: `${base}/u/${token}`,
      preferencesUrl: `${base}/p/${token}`,
      oneClickUrl: `${base}/u/${token}`,
    };
  }

  openUrl(ws: string, messageId: string): string {
    return `${this.baseUrl}/t/o/${signLink(this.engage.secrets, 'open', { workspaceId: ws, messageId })}.gif`;
  }

  clickUrl(ws: string, messageId: string, url: string): string {
    return `${this.baseUrl}/t/c/${signLink(this.engage.secrets, 'click', { workspaceId: ws, messageId, url })}`;
  }

  /**
   * A rendered message as it goes out: each http(s) link through the click redirect (the unsubscribe
   * and preference links stay as they are), the open pixel in an email's HTML, and for marketing
   * email the RFC 8058 headers. Synchronous and without database work: the sender calls it per message.
   */
  decorate(ws: string, m: DecorateInput, rendered: RenderedParts): Decorated {
    if (m.channelType === 'webhook') return { html: rendered.html, text: rendered.text, headers: {} };
    const base = this.baseUrl;
    const own = (url: string) =>
      url.startsWith(`${base}/u/`) || url.startsWith(`${base}/p/`) || url.startsWith(`${base}/t/`);
    const wrap = (url: string) => (own(url) ? url : this.clickUrl(ws, m.messageId, url));
    let html = rendered.html;
    if (html !== null) {
      html = html.replace(HREF_RE, (whole, head: string, q: string, raw: string) => {
        const url = decodeEntities(raw.trim());
        if (!/^https?:\/\//i.test(url)) return whole; // mailto:, tel:, #anchor, relative, Liquid leftovers
        return `${head}${q}${wrap(url)}${q}`;
      });
      if (m.channelType === 'email') {
        const pixel = `<img src="${this.openUrl(ws, m.messageId)}" width="1" height="1" alt="" style="border:0;width:1px;height:1px" />`;
        const at = html.search(/<\/body\s*>(?![\s\S]*<\/body\s*>)/i);
        html = at >= 0 ? `${html.slice(0, at)}${pixel}${html.slice(at)}` : `${html}${pixel}`;
      }
    }
    const text = rendered.text.replace(TEXT_URL_RE, (found) => {
      const trail = /[.,;:!?)\]]+$/.exec(found)?.[0] ?? '';
      const url = found.slice(0, found.length - trail.length);
      return url ? `${wrap(url)}${trail}` : found;
    });
    const headers: Record<string, string> = {};
    if (m.channelType === 'email' && m.kind === 'marketing') {
      headers['List-Unsubscribe'] = `<${this.links(ws, m).oneClickUrl}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    return { html, text, headers };
  }

  /** An open pixel hit: 'opened' on the message (first time in opened_at, every hit in its history). */
  async open(token: string): Promise<boolean> {
    const p = verifyLink(this.engage.secrets, 'open', token);
    if (!p) return false;
    await this.record(p.workspaceId, p.messageId, 'opened', {});
    return true;
  }

  /**
   * A click: the URL to redirect to (the signed original plus UTM), after recording 'clicked';
   * null for a token that does not verify (the caller shows an error page, never redirects).
   */
  async click(token: string): Promise<string | null> {
    const p = verifyLink(this.engage.secrets, 'click', token);
    if (!p?.url || !/^https?:\/\//i.test(p.url)) return null;
    // One primary-key read: the UTM medium and campaign name are the message's.
    const row = await sql<{ channel_type: string; campaign: string | null; opened: boolean }>`
      SELECT m.channel_type, COALESCE(b.name, t.name) AS campaign, m.opened_at IS NOT NULL AS opened FROM engage_messages m
      LEFT JOIN engage_broadcasts b ON b.workspace_id = m.workspace_id AND b.id = m.broadcast_id
      LEFT JOIN engage_templates t ON t.workspace_id = m.workspace_id AND t.id = m.template_id
      WHERE m.workspace_id = ${p.workspaceId} AND m.id = ${p.messageId}
    `.execute(this.k.db);
    const m = row.rows[0];
    // A link we signed stays valid after its message is erased: the reader still gets there.
    if (m) {
      // A click proves the open the blocked pixel did not report.
      if (!m.opened) await this.record(p.workspaceId, p.messageId, 'opened', { implied: 'click' });
      await this.record(p.workspaceId, p.messageId, 'clicked', { url: p.url });
    }
    return withUtm(p.url, m?.channel_type ?? null, m?.campaign ?? null);
  }

  /** The consent channel a channel type's marketing consent lives in (null: webhook). */
  consentChannel(channelType: string): ConsentChannel | null {
    return channelKind(channelType)?.consent ?? null;
  }

  /** What an unsubscribe token stands for: the message, its person and channel ('invalid': it does not verify; 'gone': no such message). */
  async resolve(token: string) {
    const p = verifyLink(this.engage.secrets, 'unsubscribe', token);
    if (!p) return 'invalid' as const;
    const m = await this.k.db
      .selectFrom('engage_messages')
      .select(['id', 'person_id', 'channel_type', 'template_id', 'unsubscribed_at'])
      .where('workspace_id', '=', p.workspaceId)
      .where('id', '=', p.messageId)
      .executeTakeFirst();
    if (!m) return 'gone' as const;
    const personId = (await this.k.cdp.directory.liveId(this.k.db, p.workspaceId, m.person_id)) ?? m.person_id;
    return {
      workspaceId: p.workspaceId,
      messageId: m.id,
      personId,
      channelType: m.channel_type,
      consentChannel: this.consentChannel(m.channel_type),
      unsubscribedAt: m.unsubscribed_at,
    };
  }

  /** The preference page's state: marketing consent of the channel and each subscription group. */
  async preferences(token: string) {
    const r = await this.resolve(token);
    if (typeof r === 'string') return r;
    const consent = r.consentChannel
      ? (await this.k.crm.consents.current(r.workspaceId, r.personId)).find(
          (c) => c.channel === r.consentChannel && c.purpose === 'marketing',
        )
      : undefined;
    const groups = await this.groups.forPerson(r.workspaceId, r.personId);
    return { ...r, marketing: consent?.status ?? 'unknown', groups };
  }

  /**
   * Unsubscribes (idempotent): `all` withdraws the channel's marketing consent (crm consents,
   * source 'unsubscribe-link'), `groups` opts out of every group not in `keep` and back into the
   * ones in it. The message records 'unsubscribed' the first time something was withdrawn.
   */
  async unsubscribe(token: string, choice: { scope: 'all' } | { scope: 'groups'; keep: string[] }) {
    const r = await this.resolve(token);
    if (typeof r === 'string') return r;
    const ws = r.workspaceId;
    let withdrew = false;
    let groupsOut: string[] = [];
    if (choice.scope === 'all') {
      if (r.consentChannel) {
        const now = (await this.k.crm.consents.current(ws, r.personId)).find(
          (c) => c.channel === r.consentChannel && c.purpose === 'marketing',
        );
        if (now?.status !== 'withdrawn') {
          await this.k.crm.consents.record(systemActor(ws, 'unsubscribe link'), r.personId, {
            channel: r.consentChannel,
            purpose: 'marketing',
            granted: false,
            source: 'unsubscribe-link',
            evidence: `message ${r.messageId}`,
          });
          withdrew = true;
        }
      } else {
        // No consent channel (webhook): every group is the only thing to withdraw from.
        const all = await this.groups.forPerson(ws, r.personId);
        groupsOut = await this.groups.setOptOuts(
          ws,
          r.personId,
          all.map((g) => g.id),
          [],
        );
      }
    } else {
      const all = await this.groups.forPerson(ws, r.personId);
      const keep = new Set(choice.keep);
      groupsOut = await this.groups.setOptOuts(
        ws,
        r.personId,
        all.filter((g) => !keep.has(g.id)).map((g) => g.id),
        all.filter((g) => keep.has(g.id)).map((g) => g.id),
      );
    }
    if ((withdrew || groupsOut.length) && !r.unsubscribedAt)
      await this.record(ws, r.messageId, 'unsubscribed', {
        ...(withdrew ? { channel: r.consentChannel } : {}),
        ...(groupsOut.length ? { groups: groupsOut } : {}),
      });
    return { withdrew, groupsOut };
  }

  /** Through the ledger's owner: history row, status forward only, the person's timeline. */
  private async record(ws: string, messageId: string, type: string, detail: Record<string, unknown>) {
    try {
      await this.engage.messages.record(ws, messageId, type, detail);
    } catch (e) {
      // A message erased since it was sent (GDPR): the reader still gets the pixel or the page.
      if (!(e instanceof AppError && e.code === 'NOT_FOUND')) throw e;
    }
  }
}
