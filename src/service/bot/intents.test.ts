import { describe, expect, it } from 'vitest';
import { matchIntent } from './intents.ts';

/** The bot's intents in Russian and English: word forms through the stemmers, the stronger set wins. */
describe('service bot: intents', () => {
  const id = (text: string, locale: 'ru' | 'en' = 'ru', extra: string[] = []) =>
    matchIntent(text, locale, extra)?.id ?? null;

  it('Russian, in any word form', () => {
    expect(id('Какой баланс моей карты?')).toBe('card_balance');
    expect(id('Сколько денег на карте')).toBe('card_balance');
    expect(id('Сколько у меня бонусов?')).toBe('bonus_balance');
    expect(id('Баланс бонусных баллов')).toBe('bonus_balance');
    expect(id('Моя карта заблокирована?')).toBe('card_status');
    expect(id('Где мой заказ?')).toBe('order_status');
    expect(id('Соедините с оператором')).toBe('handover');
    expect(id('Позовите живого человека')).toBe('handover');
    expect(id('Как заблокировать карту при утере')).toBeNull();
    expect(id('Здравствуйте')).toBeNull();
  });

  it('English, in any word form', () => {
    expect(id('What is my card balance?', 'en')).toBe('card_balance');
    expect(id('How many bonus points do I have', 'en')).toBe('bonus_balance');
    expect(id('Is my card blocked?', 'en')).toBe('card_status');
    expect(id('Where is my order', 'en')).toBe('order_status');
    expect(id('Can I talk to a human please', 'en')).toBe('handover');
    expect(id('Hello there', 'en')).toBeNull();
  });

  it("the inbox's own handover keywords, stemmed too", () => {
    expect(id('Нужна консультация юриста')).toBeNull();
    expect(id('Нужна консультация юриста', 'ru', ['юрист'])).toBe('handover');
  });
});
