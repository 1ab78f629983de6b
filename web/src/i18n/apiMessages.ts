import type { ErrorDetail } from '../api.ts';

type Text = string | ((d: ErrorDetail) => string);
type Texts = Partial<Record<ErrorDetail['code'], Text>>;

/**
 * Field problems by their stable code (`details[].code`, src/core/errors.ts), in the UI language.
 * A code without a text here (INVALID, and in English the ones whose server message says more)
 * shows the server's message.
 */
const TEXTS: Record<'en' | 'ru', Texts> = {
  en: {
    REQUIRED: 'required',
    INVALID_TYPE: 'wrong type of value',
    TOO_SHORT: (d) => `at least ${d.limit} characters`,
    TOO_LONG: (d) => `at most ${d.limit} characters`,
    TOO_SMALL: (d) => `at least ${d.limit}`,
    TOO_LARGE: (d) => `at most ${d.limit}`,
    TOO_FEW: (d) => (d.limit === 1 ? 'choose at least one' : `choose at least ${d.limit}`),
    TOO_MANY: (d) => `at most ${d.limit} items`,
    INVALID_EMAIL: 'must be a valid email address',
    INVALID_PHONE: 'not a valid phone number',
    INVALID_URL: 'not a valid URL',
    URL_NOT_HTTP: 'must be http or https',
    INVALID_UUID: 'not a valid id',
    INVALID_DATE: 'not a valid date',
    INVALID_OPTION: 'not one of the allowed values',
    INVALID_SLUG: 'use lower-case letters, digits and dashes',
    UNKNOWN_FIELD: 'unknown field',
    UNKNOWN_EVENT_TYPE: (d) => `unknown event type “${d.value}”`,
    ALREADY_MEMBER: 'already a member',
    WRONG_PASSWORD: 'wrong current password',
    MALFORMED: 'cannot be read',
  },
  ru: {
    REQUIRED: 'обязательное поле',
    INVALID_TYPE: 'неверный тип значения',
    TOO_SHORT: (d) => `не короче ${d.limit} символов`,
    TOO_LONG: (d) => `не длиннее ${d.limit} символов`,
    TOO_SMALL: (d) => `не меньше ${d.limit}`,
    TOO_LARGE: (d) => `не больше ${d.limit}`,
    TOO_FEW: (d) => (d.limit === 1 ? 'выберите хотя бы одно значение' : `выберите не меньше ${d.limit}`),
    TOO_MANY: (d) => `не больше ${d.limit} значений`,
    INVALID_EMAIL: 'введите корректный email',
    INVALID_PHONE: 'некорректный номер телефона',
    INVALID_URL: 'некорректный адрес',
    URL_NOT_HTTP: 'нужен адрес http:// или https://',
    URL_BLOCKED:
      'адрес ведёт в локальную, частную или зарезервированную сеть — политика исходящих запросов это запрещает',
    INVALID_UUID: 'некорректный идентификатор',
    INVALID_DATE: 'некорректная дата',
    INVALID_FORMAT: 'неверный формат',
    INVALID_OPTION: 'недопустимое значение',
    INVALID_SLUG: 'только строчные латинские буквы, цифры и дефис',
    UNKNOWN_FIELD: 'неизвестное поле',
    UNKNOWN_EVENT_TYPE: (d) => `неизвестное событие «${d.value}»`,
    ALREADY_MEMBER: 'уже состоит в этом пространстве',
    ALREADY_USED: 'уже используется в другой записи',
    WRONG_PASSWORD: 'неверный текущий пароль',
    MALFORMED: 'не удаётся прочитать',
  },
};

/** One field problem in the UI language, by its code; the server's words where there is no text for it. */
export function localizeApiDetail(d: ErrorDetail, lang: string): string {
  const text = TEXTS[lang.startsWith('ru') ? 'ru' : 'en'][d.code];
  if (text === undefined) return d.message;
  return typeof text === 'string' ? text : text(d);
}
