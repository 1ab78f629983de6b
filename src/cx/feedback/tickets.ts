import { sql } from 'kysely';
import type { CxBaseKernel } from '../kernel.ts';
import type { Sentiment } from '../mentions/tables.ts';

/** The job that analyses one client message of the service desk (after its commit). */
export const TICKET_ANALYSIS_JOB = 'cx.ticket-analysis';
/** How much of a message's text is kept beside its analysis (the feed's excerpt, alert scopes). */
export const EXCERPT_CHARS = 2000;

export interface MessageAnalysisView {
  messageId: string;
  conversationId: string;
  personId: string | null;
  channel: string;
  excerpt: string;
  language: string;
  sentiment: { label: Sentiment; score: number };
  topics: string[];
  complaint: boolean;
  at: Date;
}

export interface ConversationAnalysisView {
  conversationId: string;
  /**
   * The client's messages taken together: the mean of their scores, the newest weighing most
   * (weight i+1 for the i-th message, oldest first), labelled negative below −0.2, positive above
   * 0.2; null when no client message is analysed yet.
   */
  overall: { label: Sentiment; score: number; messages: number; negative: number; complaint: boolean } | null;
  messages: MessageAnalysisView[];
}

/** The label of an aggregated score (the same cut as the analyser's own labels). */
export const labelOf = (score: number): Sentiment => (score < -0.2 ? 'negative' : score > 0.2 ? 'positive' : 'neutral');

type Row = {
  message_id: string;
  conversation_id: string;
  person_id: string | null;
  channel: string;
  excerpt: string;
  language: string;
  sentiment: Sentiment;
  sentiment_score: number;
  topics: string[];
  complaint: boolean;
  at: Date | string;
};
const view = (r: Row): MessageAnalysisView => ({
  messageId: r.message_id,
  conversationId: r.conversation_id,
  personId: r.person_id,
  channel: r.channel,
  excerpt: r.excerpt,
  language: r.language,
  sentiment: { label: r.sentiment, score: Number(r.sentiment_score) },
  topics: r.topics,
  complaint: r.complaint,
  at: new Date(r.at),
});

/**
 * The same text analysis on the service desk's client messages as on survey comments and mentions
 * (issue 19, point 4). The desk tells its listeners after a commit; a client message queues one job
 * (retried; a failure to queue is logged and never reaches the inbound path), which reads the text
 * through the desk's public API, analyses it and upserts the row keyed by the message (idempotent).
 */
export class TicketAnalysis {
  constructor(private k: CxBaseKernel) {}

  wire(): void {
    this.k.jobs.define<{ workspaceId: string; messageId: string }>({
      name: TICKET_ANALYSIS_JOB,
      retryLimit: 5,
      retryBackoff: true,
      handler: async (d) => ({ analysed: await this.analyze(d.workspaceId, d.messageId) }),
    });
    this.k.service.hooks.onMessage(async (ws, _conversationId, change) => {
      if ((change.kind !== 'created' && change.kind !== 'message') || change.direction !== 'in' || !change.messageId)
        return;
      await this.k.jobs
        .enqueue(ws, TICKET_ANALYSIS_JOB, { messageId: change.messageId })
        .catch((err) => this.k.log.warn({ err, messageId: change.messageId }, 'cx: ticket analysis not queued'));
    });
    // A person merged into another takes their analysed messages along (as the desk moves the conversations).
    this.k.cdp.directory.onMerge(async (trx, ws, merge) => {
      await trx
        .updateTable('cx_ticket_analyses')
        .set({ person_id: merge.into })
        .where('workspace_id', '=', ws)
        .where('person_id', '=', merge.from)
        .execute();
    });
  }

  /** Analyses one message (a client's; others are skipped) and stores it; false when there is nothing to analyse. */
  async analyze(ws: string, messageId: string): Promise<boolean> {
    const m = await this.k.service.messages.get(ws, messageId);
    if (m?.direction !== 'in') return false;
    const text = m.body.trim();
    if (!text) return false;
    const a = await this.k.text.analyze(ws, text);
    const values = {
      conversation_id: m.conversationId,
      person_id: m.personId,
      channel: m.channel,
      excerpt: text.slice(0, EXCERPT_CHARS),
      language: a.language,
      sentiment: a.sentiment.label,
      sentiment_score: Math.max(-1, Math.min(1, a.sentiment.score)),
      topics: a.topics.slice(0, 50),
      complaint: a.complaint,
      at: m.createdAt,
    };
    await this.k.db
      .insertInto('cx_ticket_analyses')
      .values({ workspace_id: ws, message_id: m.id, ...values })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'message_id']).doUpdateSet({ ...values, analyzed_at: new Date() }),
      )
      .execute();
    return true;
  }

  /**
   * Analyses the client messages of a workspace's conversations not analysed yet (the demo, whose
   * desk is seeded without the hooks; an operator catching up). Reads through the desk's public API.
   */
  async backfill(ws: string, opts: { maxConversations?: number } = {}): Promise<{ analysed: number }> {
    const max = opts.maxConversations ?? 1000;
    let analysed = 0;
    let seen = 0;
    let cursor: string | undefined;
    do {
      const page = await this.k.service.conversations.list(ws, { limit: 100, cursor, sort: '-createdAt' });
      for (const c of page.data) {
        const msgs = (await this.k.service.messages.list(ws, c.id)).filter((m) => m.direction === 'in');
        if (!msgs.length) continue;
        const done = new Set(
          (
            await this.k.db
              .selectFrom('cx_ticket_analyses')
              .select('message_id')
              .where('workspace_id', '=', ws)
              .where('conversation_id', '=', c.id)
              .execute()
          ).map((r) => r.message_id),
        );
        for (const m of msgs) if (!done.has(m.id) && (await this.analyze(ws, m.id))) analysed++;
      }
      seen += page.data.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor && seen < max);
    return { analysed };
  }

  /** A conversation's analysed client messages, oldest first, and its overall sentiment (see ConversationAnalysisView). */
  async conversation(ws: string, conversationId: string): Promise<ConversationAnalysisView> {
    // The desk's own check: a conversation of another workspace (or none) is its 404.
    await this.k.service.conversations.get(ws, conversationId);
    const rows = await this.k.db
      .selectFrom('cx_ticket_analyses')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('conversation_id', '=', conversationId)
      .orderBy('at')
      .orderBy('message_id')
      .limit(1000)
      .execute();
    const messages = rows.map(view);
    return { conversationId, overall: overallOf(messages), messages };
  }

  /** The overall sentiment of several conversations at once (the inbox's badges). */
  async overallOf(ws: string, conversationIds: string[]) {
    if (!conversationIds.length) return new Map<string, ConversationAnalysisView['overall']>();
    const rows = await sql<Row>`
      SELECT * FROM cx_ticket_analyses
      WHERE workspace_id = ${ws} AND conversation_id IN (${sql.join(conversationIds)})
      ORDER BY at, message_id LIMIT 20000`.execute(this.k.db);
    const by = new Map<string, MessageAnalysisView[]>();
    for (const r of rows.rows) by.set(r.conversation_id, [...(by.get(r.conversation_id) ?? []), view(r)]);
    return new Map([...by].map(([id, ms]) => [id, overallOf(ms)]));
  }
}

/** The weighted mean described on ConversationAnalysisView.overall. */
export function overallOf(messages: Pick<MessageAnalysisView, 'sentiment' | 'complaint'>[]) {
  if (!messages.length) return null;
  let sum = 0;
  let weights = 0;
  messages.forEach((m, i) => {
    sum += (i + 1) * m.sentiment.score;
    weights += i + 1;
  });
  const score = Math.round((sum / weights) * 1000) / 1000;
  return {
    label: labelOf(score),
    score,
    messages: messages.length,
    negative: messages.filter((m) => m.sentiment.label === 'negative').length,
    complaint: messages.some((m) => m.complaint),
  };
}
