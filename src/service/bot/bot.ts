import { systemActor } from '../../core/auth/actor.ts';
import type { Tx } from '../../core/db/schema.ts';
import type { ServiceBaseKernel } from '../kernel.ts';
import type { Emit, Service } from '../service.ts';
import type { InboxChannel } from '../tables.ts';
import { detectLanguage } from '../inbound.ts';
import type { BotTurn } from '../kb/tables.ts';
import { matchIntent, type BotLocale, type IntentId } from './intents.ts';
import { botSettingsOf, type BotSettings } from './settings.ts';
import { BotPersonData } from './person-data.ts';
import { BOT_TEXTS } from './texts.ts';

/**
 * Channels whose sender the provider vouches for: a Telegram/VK user id or a phone number from an
 * authenticated callback, an email from the person's address. A chat visitor is anonymous — an
 * email typed into the widget proves nothing — and an API message names whoever the caller says.
 */
export const VERIFIED_CHANNELS: ReadonlySet<InboxChannel> = new Set(['telegram', 'vk', 'whatsapp', 'sms', 'email']);
/** Unanswered questions in a row before the bot hands over. */
const MAX_MISSES = 2;
export const BOT_JOB = 'service.bot-answer';
const TURNS_KEPT = 20;

type Outcome =
  | { kind: 'answer'; intent: IntentId | 'kb' | 'greeting'; text: string; articleId?: string }
  | { kind: 'refuse'; intent: IntentId; text: string }
  | { kind: 'miss'; text: string }
  | { kind: 'handover'; intent: IntentId | 'kb' | null; reason: HandoverReason; text?: string };
type HandoverReason = 'asked' | 'misses' | 'no_data' | 'failed';

const REASONS: Record<BotLocale, Record<HandoverReason, string>> = {
  ru: {
    asked: 'клиент попросил оператора',
    misses: 'бот дважды не нашёл ответа',
    no_data: 'в профиле нет данных для ответа',
    failed: 'бот не смог ответить',
  },
  en: {
    asked: 'the client asked for a person',
    misses: 'the bot found no answer twice',
    no_data: 'the profile has no data to answer with',
    failed: 'the bot could not answer',
  },
};

/**
 * The service desk's bot (issue 18, point 6): on an inbox with `settings.bot.enabled`, each client
 * message of a conversation no person has taken yet is answered — the person's own data (card
 * balance and status, bonus points, last order) to a verified sender only, else a published
 * knowledge-base article in the client's language — or handed to routing with an internal note
 * telling the agent what was asked and answered. Its replies go out as any reply does (author
 * `bot`): live to the chat, through engage to messengers and email; SLA clocks ignore them.
 */
export class Bot {
  private data: BotPersonData;

  constructor(
    private k: ServiceBaseKernel,
    private service: Service,
  ) {
    this.data = new BotPersonData(k);
    k.jobs.define<{ conversationId: string; messageId: string; created: boolean }>({
      name: BOT_JOB,
      retryLimit: 2,
      retryDelaySeconds: 5,
      // One at a time per process: a client's quick messages are answered in the order sent.
      concurrency: 1,
      handler: (data, ctx) => this.answer(ctx.workspaceId, data.conversationId, data.messageId, data.created),
    });
    // A job queued with the client's message (the widget has followed the conversation by the time
    // the answer is sent, and the inbound transaction never waits on the bot).
    service.hooks.onChange(async (ws, conversationId, change, trx) => {
      if (change.direction !== 'in' || !change.messageId) return;
      if (change.kind !== 'created' && change.kind !== 'message') return;
      const inbox = await trx
        .selectFrom('service_inboxes as i')
        .innerJoin('service_conversations as c', (j) =>
          j.onRef('c.workspace_id', '=', 'i.workspace_id').onRef('c.inbox_id', '=', 'i.id'),
        )
        .select('i.settings')
        .where('c.workspace_id', '=', ws)
        .where('c.id', '=', conversationId)
        .executeTakeFirst();
      if (!inbox || !botSettingsOf(inbox.settings).enabled) return;
      await k.jobs.enqueue(
        ws,
        BOT_JOB,
        { conversationId, messageId: change.messageId, created: change.kind === 'created' },
        { trx },
      );
    });
  }

  /** Whether new conversations of this inbox wait for the bot before routing (the bot routes on handover). */
  holdsRouting(inboxSettings: Record<string, unknown>): boolean {
    return botSettingsOf(inboxSettings).enabled;
  }

  /** Answers one client message (the job's work; once per message, a retry finds it answered). */
  async answer(ws: string, conversationId: string, messageId: string, created: boolean): Promise<void> {
    // Erased (GDPR) since the message came: nothing to answer.
    const conv = await this.service.conversations.row(this.k.db, ws, conversationId).catch(() => null);
    if (!conv) return;
    const inbox = await this.service.inboxes.get(ws, conv.inbox_id);
    const settings = botSettingsOf(inbox.settings);
    if (!settings.enabled || !this.mayAct(conv) || (await this.handedOver(ws, conversationId))) return;
    const msg = await this.k.db
      .selectFrom('service_messages')
      .select(['body', 'channel'])
      .where('workspace_id', '=', ws)
      .where('id', '=', messageId)
      .executeTakeFirst();
    if (!msg) return;
    const text = msg.body.slice(0, 2000);
    const lang = detectLanguage(text) ?? conv.language;
    const locale: BotLocale = lang === 'en' ? 'en' : 'ru';
    let outcome: Outcome;
    try {
      outcome = await this.decide(ws, conv.person_id, text, locale, msg.channel, settings);
    } catch (err) {
      this.k.log.warn({ err, conversationId }, 'service bot: no answer, handing over');
      outcome = { kind: 'handover', intent: null, reason: 'failed' };
    }
    try {
      await this.act(ws, conversationId, messageId, created, text, locale, settings, outcome);
    } catch (err) {
      // The answer could not go out (e.g. the inbox lost its sending channel): a person takes it,
      // with the note and routing, and no reply to the client.
      this.k.log.warn({ err, conversationId }, 'service bot: the answer failed, handing over');
      const failed: Outcome = { kind: 'handover', intent: null, reason: 'failed' };
      await this.act(ws, conversationId, messageId, created, text, locale, settings, failed, true);
    }
  }

  /** The bot speaks only before a person has: nobody assigned, no human reply, still open. */
  private mayAct(conv: {
    first_response_at: Date | null;
    assignee_id: string | null;
    status: string;
    merged_into: string | null;
  }) {
    return !conv.first_response_at && !conv.assignee_id && !conv.merged_into && conv.status !== 'closed';
  }

  private async traitsOf(ws: string, conversationId: string): Promise<Record<string, unknown>> {
    const conv = await this.service.conversations.row(this.k.db, ws, conversationId);
    const p = (await this.k.cdp.getPeople(ws, [conv.person_id])).get(conv.person_id);
    return (p?.traits ?? {}) as Record<string, unknown>;
  }

  private async handedOver(ws: string, conversationId: string) {
    const s = await this.k.db
      .selectFrom('service_bot_sessions')
      .select('handed_over_at')
      .where('workspace_id', '=', ws)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    return !!s?.handed_over_at;
  }

  private async decide(
    ws: string,
    personId: string,
    text: string,
    locale: BotLocale,
    channel: InboxChannel,
    settings: BotSettings,
  ): Promise<Outcome> {
    const texts = BOT_TEXTS[locale];
    const intent = matchIntent(text, locale, settings.handoverKeywords);
    if (intent?.id === 'handover') return { kind: 'handover', intent: 'handover', reason: 'asked' };
    if (intent?.personal) {
      // Personal data only to a sender the channel vouches for (see VERIFIED_CHANNELS).
      if (!VERIFIED_CHANNELS.has(channel)) return { kind: 'refuse', intent: intent.id, text: texts.notHere };
      let answer: string | null = null;
      if (intent.id === 'card_balance') answer = await this.data.cardBalance(ws, personId, locale);
      else if (intent.id === 'card_status') answer = await this.data.cardStatus(ws, personId, locale);
      else if (intent.id === 'bonus_balance') answer = await this.data.bonus(ws, personId, locale);
      else if (intent.id === 'order_status') answer = await this.data.lastOrder(ws, personId, locale);
      if (!answer) return { kind: 'handover', intent: intent.id, reason: 'no_data' };
      return { kind: 'answer', intent: intent.id, text: answer };
    }
    const hit = await this.service.kb.best(ws, text, locale);
    if (hit && hit.score >= settings.kbThreshold) {
      const body = hit.article.body.length > 3000 ? `${hit.article.body.slice(0, 3000)}…` : hit.article.body;
      return {
        kind: 'answer',
        intent: 'kb',
        text: texts.article(hit.article.title, body) + texts.articleMore,
        articleId: hit.article.id,
      };
    }
    return { kind: 'miss', text: texts.miss };
  }

  /** The answer, the session's state, and on handover the note and routing: one transaction. */
  private async act(
    ws: string,
    conversationId: string,
    messageId: string,
    created: boolean,
    text: string,
    locale: BotLocale,
    settings: BotSettings,
    outcome: Outcome,
    /** No reply to the client (its sending failed): only the note and routing. */
    silent = false,
  ) {
    const texts = BOT_TEXTS[locale];
    const actor = systemActor(ws, 'bot');
    // Routing on a handover reads the person's traits: read before the transaction (one connection on PGlite).
    const traits =
      outcome.kind === 'handover' || outcome.kind === 'miss' ? await this.traitsOf(ws, conversationId) : {};
    await this.service.hooks.transact(async (trx, emit) => {
      // An agent may have answered or taken it while the bot was thinking: then it stays silent.
      const conv = await this.service.conversations.row(trx, ws, conversationId, true);
      if (!this.mayAct(conv)) return;
      const session = await trx
        .selectFrom('service_bot_sessions')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('conversation_id', '=', conversationId)
        .forUpdate()
        .executeTakeFirst();
      if (session?.handed_over_at) return;
      let turns = (session?.turns ?? []) as BotTurn[];
      if (turns.some((t) => t.messageId === messageId)) return;
      let misses = session?.misses ?? 0;
      let final = outcome;
      if (final.kind === 'miss') {
        misses += 1;
        // A first message the bot does not understand ("Привет") gets the greeting, not a miss.
        if (created && misses === 1) {
          misses = 0;
          final = { kind: 'answer', intent: 'greeting', text: greetingOf(settings, locale) };
        } else if (misses >= MAX_MISSES) final = { kind: 'handover', intent: 'kb', reason: 'misses' };
      } else if (final.kind === 'answer') misses = 0;
      let reply: string;
      if (final.kind === 'handover') reply = texts.handover;
      else reply = final.text;
      if (created && (final.kind === 'refuse' || (final.kind === 'answer' && final.intent !== 'greeting')))
        reply = `${greetingOf(settings, locale)}\n\n${reply}`;
      turns = [
        ...turns,
        {
          at: new Date().toISOString(),
          messageId,
          text: text.slice(0, 500),
          intent: final.kind === 'miss' ? null : final.intent,
          answer: silent ? '—' : reply.slice(0, 500),
          articleId: final.kind === 'answer' ? (final.articleId ?? null) : null,
        },
      ].slice(-TURNS_KEPT);
      const handover = final.kind === 'handover';
      await trx
        .insertInto('service_bot_sessions')
        .values({
          workspace_id: ws,
          conversation_id: conversationId,
          misses,
          turns: JSON.stringify(turns),
          handed_over_at: handover ? new Date() : null,
        })
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'conversation_id']).doUpdateSet({
            misses,
            turns: JSON.stringify(turns),
            handed_over_at: handover ? new Date() : null,
            updated_at: new Date(),
          }),
        )
        .execute();
      if (!silent)
        await this.service.messages.replyIn(trx, emit, actor, conversationId, { body: reply, authorKind: 'bot' });
      if (final.kind === 'handover')
        await this.handover(trx, emit, ws, conversationId, locale, final.reason, turns, traits);
    });
  }

  /** The internal note for the agent (why, what was asked, what the bot tried and said), then routing. */
  private async handover(
    trx: Tx,
    emit: Emit,
    ws: string,
    conversationId: string,
    locale: BotLocale,
    reason: HandoverReason,
    turns: BotTurn[],
    traits: Record<string, unknown>,
  ) {
    const ru = locale === 'ru';
    const tried = [...new Set(turns.map((t) => t.intent ?? (ru ? 'не распознано' : 'not recognised')))].join(', ');
    const lines = [
      ru ? `Бот передал разговор: ${REASONS.ru[reason]}.` : `The bot handed over: ${REASONS.en[reason]}.`,
      `${ru ? 'Намерения' : 'Intents tried'}: ${tried}.`,
      ...turns.flatMap((t) => [
        `${ru ? 'Клиент' : 'Client'}: «${t.text}»`,
        `${ru ? 'Бот' : 'Bot'}: «${t.answer.replace(/\s+/g, ' ').slice(0, 300)}»`,
      ]),
    ];
    await this.service.messages.replyIn(trx, emit, systemActor(ws, 'bot'), conversationId, {
      body: lines.join('\n').slice(0, 10_000),
      internal: true,
      authorKind: 'bot',
    });
    const conv = await this.service.conversations.row(trx, ws, conversationId);
    await this.service.routing.route(trx, emit, ws, conversationId, {
      text: turns.map((t) => t.text).join('\n'),
      subject: conv.subject,
      traits,
    });
  }
}

function greetingOf(settings: BotSettings, locale: BotLocale): string {
  return settings.greeting?.[locale]?.trim() || BOT_TEXTS[locale].greeting;
}
