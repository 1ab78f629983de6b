import type { ServiceBaseKernel } from '../kernel.ts';
import type { BotLocale } from './intents.ts';
import { BOT_TEXTS, money } from './texts.ts';

/** The order events the bot reads (the CDP's spec names; the demo shops send the first). */
const ORDER_EVENTS = new Set(['Order Completed', 'Order Placed', 'Order Updated', 'Order Shipped']);
/** Track events looked through for the latest order: a bounded read of the person's timeline. */
const ORDER_SCAN = 200;

/**
 * The person's own data the bot answers with, read through the modules' services (the CDP's
 * profile and timeline, loyalty's points), never their tables. `null`: nothing to say from data.
 */
export class BotPersonData {
  constructor(private k: ServiceBaseKernel) {}

  private async traits(ws: string, personId: string): Promise<Record<string, unknown>> {
    const p = (await this.k.cdp.getPeople(ws, [personId])).get(personId);
    return (p?.traits ?? {}) as Record<string, unknown>;
  }

  /** Card balance from the traits the bank's core system sends (`cardBalance`, `cardCurrency`). */
  async cardBalance(ws: string, personId: string, locale: BotLocale): Promise<string | null> {
    const t = await this.traits(ws, personId);
    const raw = typeof t.cardBalance === 'string' ? Number(t.cardBalance) : t.cardBalance;
    if (typeof raw !== 'number' || !Number.isFinite(raw)) return null;
    const currency = typeof t.cardCurrency === 'string' && /^[A-Z]{3}$/.test(t.cardCurrency) ? t.cardCurrency : 'RUB';
    return BOT_TEXTS[locale].cardBalance(money(raw, currency, locale));
  }

  /** Card and account status from the traits (`cardStatus`, `accountStatus`). */
  async cardStatus(ws: string, personId: string, locale: BotLocale): Promise<string | null> {
    const t = await this.traits(ws, personId);
    const texts = BOT_TEXTS[locale];
    const word = (v: unknown) =>
      typeof v === 'string' && v.trim() ? (texts.statuses[v.trim().toLowerCase()] ?? v.trim().slice(0, 100)) : null;
    const card = word(t.cardStatus);
    const account = word(t.accountStatus);
    if (!card && !account) return null;
    return [card ? texts.cardStatus(card) : null, account ? texts.accountStatus(account) : null]
      .filter(Boolean)
      .join(' ');
  }

  async bonus(ws: string, personId: string, locale: BotLocale): Promise<string> {
    return BOT_TEXTS[locale].bonus(await this.k.loyalty.points.balance(ws, personId));
  }

  /** The latest order event of the person's timeline: its id, date and status when it has them. */
  async lastOrder(ws: string, personId: string, locale: BotLocale): Promise<string> {
    const page = await this.k.cdp.timeline(ws, personId, { limit: ORDER_SCAN, types: ['track'] });
    const order = page.data.find((e) => e.event && ORDER_EVENTS.has(e.event));
    const texts = BOT_TEXTS[locale];
    if (!order) return texts.noOrder;
    const p = (order.properties ?? {}) as Record<string, unknown>;
    const idOf = p.order_id ?? p.orderId ?? p.id;
    const id =
      typeof idOf === 'string' || typeof idOf === 'number'
        ? ` ${locale === 'ru' ? '№' : '#'}${String(idOf).slice(0, 40)}`
        : '';
    const when = new Date(order.occurredAt).toLocaleDateString(locale === 'ru' ? 'ru-RU' : 'en-GB', {
      timeZone: 'UTC',
    });
    const status = typeof p.status === 'string' && p.status.trim() ? p.status.trim().slice(0, 100) : null;
    return texts.order(id, when, status);
  }
}
