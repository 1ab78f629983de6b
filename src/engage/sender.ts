import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { DbOrTx } from '../core/db/schema.ts';
import { backgroundQueries } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import type { EngageBaseKernel } from './kernel.ts';
import type { Engage } from './engage.ts';
import type { ChannelType, MessageKind, MessageStatus } from './tables.ts';
import { ChannelError, type SendResult } from './channels/types.ts';
import {
  Bucket,
  Semaphore,
  api,
  settle,
  type AdapterHandle,
  type Ok,
  type Rendered,
  type Resolved,
  type TemplateInfo,
} from './sender-support.ts';
import { readPolicy } from './policy-settings.ts';
import { applyPolicy, type Verdict } from './policy.ts';
import { suppress } from './suppressions.ts';
import { logChanges, parts, recordChanges, type Change } from './ledger.ts';
import { directOf, directRendered } from './direct-send.ts';

/** Messages one claim takes (one UPDATE … RETURNING). */
const CLAIM = 200;
/** Claim loops per process: one renders and sends while the other writes its results and claims. */
const PIPELINE = 2;
/**
 * A claim keeps no more of a slow channel's messages than it sends in this share of the lease
 * (`sendLeaseSeconds`, 60 s: 5 s): well within the lease, and what a crash leaves interrupted stays small.
 */
const LEASE_BUDGET_SHARE = 1 / 12;
const MAX_ATTEMPTS = 5;
const EXPIRE_EVERY_MS = 5_000;

/** A claimed ledger row. */
interface Claimed {
  workspace_id: string;
  id: string;
  person_id: string;
  channel_id: string;
  channel_type: ChannelType;
  template_id: string | null;
  broadcast_id: string | null;
  kind: MessageKind;
  data: Record<string, unknown>;
  attempts: number;
}

/**
 * The sending engine: claims due messages (across workspaces) with FOR UPDATE SKIP LOCKED under a
 * lease, applies the delivery policy, renders, decorates (tracking) and hands each to its
 * channel's adapter under a per-channel token bucket and a process-wide concurrency limit, then
 * writes every result of the batch in a few statements. At most once: a message whose lease ran
 * out (its worker died mid-send) is never sent again but marked failed/interrupted.
 */
export class Sender {
  private pending = false;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastExpiry = 0;
  private buckets = new Map<string, Bucket>();
  private slots: Semaphore;
  private log: Logger;

  constructor(
    private k: EngageBaseKernel,
    private engage: Engage,
  ) {
    this.slots = new Semaphore(k.config.sendConcurrency);
    this.log = k.log.child({ component: 'engage-sender' });
    k.jobs.every('engage.send', 1, () => this.poll());
  }

  /** Something was queued (after its commit): send it now rather than at the next poll. */
  wake(): void {
    if (this.stopped) return;
    this.pending = true;
    if (!this.running)
      this.running = backgroundQueries(() => this.drain()).finally(() => {
        this.running = null;
      });
  }

  /** The poll (each second): what a lost wake missed, leases that ran out, messages now due. */
  async poll(): Promise<void> {
    this.wake();
    await this.idle();
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  private async drain(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    while (this.pending && !this.stopped) {
      this.pending = false;
      try {
        await this.expireLeases();
      } catch (err) {
        this.log.error({ err }, 'expiring send leases failed');
      }
      await Promise.all(Array.from({ length: PIPELINE }, () => this.loop()));
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        if ((await this.step()) < CLAIM) return;
      } catch (err) {
        this.log.error({ err }, 'send batch failed');
        return;
      }
    }
  }

  /** 'sending' rows whose worker died: failed/interrupted, never resent (we cannot know if the provider got them). */
  private async expireLeases(force = false): Promise<void> {
    if (!force && Date.now() - this.lastExpiry < EXPIRE_EVERY_MS) return;
    this.lastExpiry = Date.now();
    await this.k.db.transaction().execute(async (trx) => {
      const r = await sql<Claimed>`
        UPDATE engage_messages SET status = 'failed', reason = 'interrupted', claimed_until = NULL, updated_at = now()
        WHERE status = 'sending' AND claimed_until < now()
        RETURNING workspace_id, id, person_id, channel_id, channel_type, template_id, broadcast_id, kind, attempts
      `.execute(trx);
      await logChanges(
        trx,
        this.k,
        r.rows.map((m) => ({
          ...parts(m),
          status: 'failed' as const,
          type: 'failed',
          detail: { reason: 'interrupted', message: 'the sending process stopped mid-send' },
        })),
      );
    });
  }

  /** One batch: claim, decide, send, record. Returns how many were claimed. */
  async step(): Promise<number> {
    const claimed = await sql<Claimed>`
      UPDATE engage_messages m
      SET status = 'sending', claimed_until = now() + make_interval(secs => ${this.k.config.sendLeaseSeconds}),
          attempts = m.attempts + 1, updated_at = now()
      FROM (
        SELECT workspace_id, id FROM engage_messages
        WHERE status = 'queued' AND coalesce(send_after, '-infinity'::timestamptz) <= now()
        ORDER BY coalesce(send_after, '-infinity'::timestamptz)
        LIMIT ${CLAIM} FOR UPDATE SKIP LOCKED
      ) c
      WHERE m.workspace_id = c.workspace_id AND m.id = c.id
      RETURNING m.workspace_id, m.id, m.person_id, m.channel_id, m.channel_type, m.template_id, m.broadcast_id, m.kind, m.data, m.attempts
    `.execute(this.k.db);
    if (!claimed.rows.length) return 0;
    const byWs = new Map<string, Claimed[]>();
    for (const m of claimed.rows) byWs.set(m.workspace_id, [...(byWs.get(m.workspace_id) ?? []), m]);
    const changes: Change[] = [];
    const released: { id: string; ws: string; after: Date }[] = [];
    await Promise.all(
      [...byWs].map(async ([ws, rows]) => {
        try {
          await this.sendBatch(ws, rows, changes, released);
        } catch (err) {
          // Nothing of this batch was handed to a provider yet when the setup fails: it goes back.
          this.log.error({ err, workspaceId: ws }, 'send batch setup failed');
          for (const m of rows)
            if (!changes.some((c) => c.id === m.id))
              released.push({ id: m.id, ws, after: new Date(Date.now() + 5000) });
        }
      }),
    );
    await this.k.db.transaction().execute(async (trx) => {
      if (released.length) await release(trx, released);
      await recordChanges(trx, this.k, changes, { update: true });
    });
    return claimed.rows.length;
  }

  private async sendBatch(
    ws: string,
    rows: Claimed[],
    changes: Change[],
    released: { id: string; ws: string; after: Date }[],
  ): Promise<void> {
    const now = new Date();
    const fail = (m: Claimed, status: MessageStatus, reason: string, detail: Record<string, unknown> = {}) =>
      changes.push({ ...parts(m), status, reason, type: status, detail: { reason, ...detail } });

    const channels = new Map<string, Resolved<AdapterHandle>>();
    const templates = new Map<string, Resolved<TemplateInfo>>();
    for (const m of rows) {
      if (!channels.has(m.channel_id))
        channels.set(m.channel_id, await settle(api(this.engage).channels.adapter(ws, m.channel_id)));
      if (m.template_id && !templates.has(m.template_id))
        templates.set(m.template_id, await settle(api(this.engage).templates.get(ws, m.template_id)));
    }

    // A slow channel: keep what it can send well within the lease, put the rest back, spaced out.
    const perChannel = new Map<string, number>();
    const ready: Claimed[] = [];
    const later: typeof released = [];
    for (const m of rows) {
      const ch = channels.get(m.channel_id)!;
      if (!ch.ok) {
        fail(m, 'failed', 'channel_unavailable', { message: ch.error.message });
        continue;
      }
      const t = m.template_id ? templates.get(m.template_id)! : null;
      // A direct message (a service reply, direct-send.ts) carries its content: no template.
      if (!t?.ok && !directOf(m.data)) {
        fail(m, 'failed', 'template_unavailable', { message: t && !t.ok ? t.error.message : 'no template' });
        continue;
      }
      const rate = this.rateOf(ch.value);
      const n = perChannel.get(m.channel_id) ?? 0;
      perChannel.set(m.channel_id, n + 1);
      if (n >= rate * this.k.config.sendLeaseSeconds * LEASE_BUDGET_SHARE)
        later.push({ id: m.id, ws, after: new Date(now.getTime() + (n / rate) * 1000) });
      else ready.push(m);
    }
    // Back at once, not with the batch's results: a crash mid-send must not strand them as interrupted.
    if (later.length) await release(this.k.db, later);

    const policy = await readPolicy(this.k.db, ws);
    const verdicts = await applyPolicy(
      this.k.db,
      this.engage,
      ws,
      policy,
      ready.map((m) => {
        const t = m.template_id ? templates.get(m.template_id) : undefined;
        return {
          id: m.id,
          personId: m.person_id,
          channelType: m.channel_type,
          kind: m.kind,
          consent: (channels.get(m.channel_id) as Ok<AdapterHandle>).value.kind.consent,
          groupId: t?.ok ? t.value.groupId : null,
        };
      }),
      now,
    );

    const toSend: { m: Claimed; v: Extract<Verdict, { action: 'send' }> }[] = [];
    for (const m of ready) {
      const v = verdicts.get(m.id)!;
      if (v.action === 'stop') {
        changes.push({
          ...parts(m),
          status: v.status,
          reason: v.reason,
          type: v.status,
          address: v.address,
          detail: { reason: v.reason },
        });
        continue;
      }
      if (v.action === 'wait') {
        changes.push({
          ...parts(m),
          status: 'queued',
          type: 'deferred',
          reason: v.reason,
          sendAfter: v.until,
          attemptsBack: true,
          detail: { reason: v.reason, until: v.until.toISOString() },
        });
        continue;
      }
      toSend.push({ m, v });
    }

    // Rendered per template in one call (one profile read for the lot), then sent concurrently.
    const byTemplate = new Map<string, typeof toSend>();
    const sends: Promise<void>[] = [];
    for (const x of toSend) {
      const d = directOf(x.m.data);
      if (d) {
        const v = d.to ? { ...x.v, address: d.to } : x.v;
        const ch = (channels.get(x.m.channel_id) as Ok<AdapterHandle>).value;
        sends.push(this.sendOne(ws, x.m, v, directRendered(d), ch, changes, d.headers));
      } else byTemplate.set(x.m.template_id!, [...(byTemplate.get(x.m.template_id!) ?? []), x]);
    }
    const e = api(this.engage);
    for (const [templateId, group] of byTemplate) {
      let results: { rendered: Rendered | null; error: Error | null }[];
      try {
        results = await e.templates.renderMany(
          ws,
          templateId,
          group.map(({ m, v }) => {
            const personId = v.recipient.liveId ?? m.person_id;
            return {
              personId,
              data: m.data,
              messageId: m.id,
              links: e.tracking.links?.(ws, { messageId: m.id, personId }),
            };
          }),
        );
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        results = group.map(() => ({ rendered: null, error: err }));
      }
      group.forEach(({ m, v }, i) => {
        const r = results[i];
        if (!r?.rendered) {
          fail(m, 'failed', 'render_error', { message: r?.error?.message ?? 'not rendered' });
          return;
        }
        sends.push(
          this.sendOne(ws, m, v, r.rendered, (channels.get(m.channel_id) as Ok<AdapterHandle>).value, changes),
        );
      });
    }
    await Promise.all(sends);
  }

  private async sendOne(
    ws: string,
    m: Claimed,
    v: Extract<Verdict, { action: 'send' }>,
    rendered: Rendered,
    ch: AdapterHandle,
    changes: Change[],
    direct?: Record<string, string>,
  ): Promise<void> {
    const personId = v.recipient.liveId ?? m.person_id;
    const common = { address: v.address, subject: rendered.subject, templateVersion: direct ? null : rendered.version };
    let body = { html: rendered.html, text: rendered.text, headers: { ...direct } as Record<string, string> };
    const tracking = api(this.engage).tracking;
    // A direct reply goes as written: no tracking pixel, links or unsubscribe headers.
    if (!direct && typeof tracking.decorate === 'function')
      body = await tracking.decorate(
        ws,
        { messageId: m.id, personId, channelType: m.channel_type, kind: m.kind },
        rendered,
      );
    await this.bucket(ch).take();
    const release = await this.slots.acquire();
    let result: SendResult;
    try {
      result = await ch.adapter.send({
        messageId: m.id,
        to: v.address,
        subject: rendered.subject,
        html: body.html,
        text: body.text,
        headers: body.headers,
        data: m.data,
      });
    } catch (err) {
      if (!(err instanceof ChannelError)) {
        changes.push({
          ...parts(m),
          ...common,
          status: 'failed',
          type: 'failed',
          reason: 'send_error',
          detail: { reason: 'send_error', message: (err as Error).message },
        });
        return;
      }
      if (!err.permanent && m.attempts < MAX_ATTEMPTS) {
        const after = new Date(Date.now() + this.k.config.sendRetryDelaySeconds * 2 ** (m.attempts - 1) * 1000);
        changes.push({
          ...parts(m),
          ...common,
          status: 'queued',
          type: 'retry',
          sendAfter: after,
          reason: err.code,
          detail: { reason: err.code, message: err.message, attempt: m.attempts, until: after.toISOString() },
        });
        return;
      }
      const bounced = err.permanent && err.bounce === 'hard';
      const status = bounced ? 'bounced' : 'failed';
      changes.push({
        ...parts(m),
        ...common,
        status,
        type: status,
        reason: err.code,
        detail: { reason: err.code, message: err.message, ...(err.bounce ? { bounce: err.bounce } : {}) },
      });
      if (bounced && ch.kind.consent)
        await suppress(this.k.db, ws, [
          { channel: ch.kind.consent, address: v.address, reason: 'hard_bounce', detail: err.message },
        ]);
      return;
    } finally {
      release();
    }
    changes.push({
      ...parts(m),
      ...common,
      status: result.status,
      type: result.status,
      providerId: result.providerId,
      detail: result.providerId ? { providerId: result.providerId } : {},
    });
  }

  private rateOf(ch: AdapterHandle): number {
    return ch.channel.ratePerSecond ?? this.k.config.channelRatePerSecond;
  }

  private bucket(ch: AdapterHandle): Bucket {
    const rate = this.rateOf(ch);
    let b = this.buckets.get(ch.channel.id);
    if (!b || b.rate !== rate) {
      b = new Bucket(rate);
      this.buckets.set(ch.channel.id, b);
    }
    return b;
  }
}

async function release(trx: DbOrTx, rows: { id: string; ws: string; after: Date }[]) {
  await sql`
    UPDATE engage_messages m SET status = 'queued', claimed_until = NULL, send_after = x.after,
      attempts = greatest(m.attempts - 1, 0), updated_at = now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id uuid, ws uuid, after timestamptz)
    WHERE m.workspace_id = x.ws AND m.id = x.id AND m.status = 'sending'
  `.execute(trx);
}
