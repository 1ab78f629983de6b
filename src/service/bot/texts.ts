import type { BotLocale } from './intents.ts';

/** What the bot says, in Russian and English (the client's language; Russian when unknown). */
export const BOT_TEXTS = {
  ru: {
    greeting:
      'Здравствуйте! Я виртуальный помощник. Спросите о балансе карты, бонусах или заказе — или напишите «оператор».',
    cardBalance: (balance: string) => `Баланс вашей карты: ${balance}.`,
    cardBalanceUnknown: 'Не вижу данных о балансе вашей карты. Передаю вопрос оператору.',
    cardStatus: (status: string) => `Статус вашей карты: ${status}.`,
    accountStatus: (status: string) => `Статус вашего счёта: ${status}.`,
    cardStatusUnknown: 'Не вижу данных о статусе вашей карты. Передаю вопрос оператору.',
    bonus: (points: number) => `На вашем бонусном счёте ${points} ${plural(points, 'балл', 'балла', 'баллов')}.`,
    order: (what: string, when: string, status: string | null) =>
      `Ваш последний заказ${what} от ${when}${status ? `: ${status}` : ' оформлен'}.`,
    noOrder: 'Не вижу у вас заказов.',
    notHere:
      'Я не могу сообщать персональные данные в этом канале: здесь не подтверждено, что пишете именно вы. Напишите «оператор» — сотрудник поможет.',
    article: (title: string, body: string) => `${title}\n\n${body}`,
    articleMore: '\n\nЕсли это не ответ на ваш вопрос, напишите «оператор».',
    miss: 'Извините, я не понял вопрос. Переформулируйте его или напишите «оператор».',
    handover: 'Передаю ваш вопрос оператору — он ответит здесь же.',
    statuses: {
      active: 'активна',
      blocked: 'заблокирована',
      closed: 'закрыта',
      issued: 'выпущена',
      expired: 'истёк срок',
    } as Record<string, string>,
  },
  en: {
    greeting: "Hello! I'm the virtual assistant. Ask about your card balance, bonus points or order — or type “agent”.",
    cardBalance: (balance: string) => `Your card balance: ${balance}.`,
    cardBalanceUnknown: "I can't see your card balance. I'm passing your question to an agent.",
    cardStatus: (status: string) => `Your card status: ${status}.`,
    accountStatus: (status: string) => `Your account status: ${status}.`,
    cardStatusUnknown: "I can't see your card status. I'm passing your question to an agent.",
    bonus: (points: number) => `You have ${points} bonus ${points === 1 ? 'point' : 'points'}.`,
    order: (what: string, when: string, status: string | null) =>
      `Your last order${what} of ${when}${status ? `: ${status}` : ' was placed'}.`,
    noOrder: "I don't see any orders of yours.",
    notHere:
      "I can't share personal data in this channel: it isn't confirmed here that it's you writing. Type “agent” and a person will help.",
    article: (title: string, body: string) => `${title}\n\n${body}`,
    articleMore: '\n\nIf this does not answer your question, type “agent”.',
    miss: "Sorry, I didn't understand. Please rephrase, or type “agent”.",
    handover: "I'm passing your question to an agent — they will answer here.",
    statuses: {
      active: 'active',
      blocked: 'blocked',
      closed: 'closed',
      issued: 'issued',
      expired: 'expired',
    } as Record<string, string>,
  },
} satisfies Record<BotLocale, unknown>;

function plural(n: number, one: string, few: string, many: string): string {
  const m10 = Math.abs(n) % 10;
  const m100 = Math.abs(n) % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

/** An amount as the client's language writes it (₽ by default). */
export function money(amount: number, currency: string, locale: BotLocale): string {
  try {
    return new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}
