/**
 * The API words field errors in English and has no per-detail codes, so the Russian UI maps the
 * messages it knows; anything else is shown as the server sent it.
 */
const RU: [RegExp, string][] = [
  [/^must be a valid email address$/, 'введите корректный email'],
  [/^must be at least 8 characters$/, 'не короче 8 символов'],
  [/^already a member$/, 'уже состоит в этом пространстве'],
  [/^wrong current password$/, 'неверный текущий пароль'],
  [/^not a valid URL$/, 'некорректный адрес'],
  [/^must be http or https$/, 'нужен адрес http:// или https://'],
  [/^points to a loopback, private, link-local or reserved address, which the outbound requests policy refuses$/, 'адрес ведёт в локальную, частную или зарезервированную сеть — политика исходящих запросов это запрещает'],
  [/^choose at least one event type$/, 'выберите хотя бы одно событие'],
  [/^use lower-case letters, digits and dashes$/, 'только строчные латинские буквы, цифры и дефис'],
  [/^unknown event type "(.+)"$/, 'неизвестное событие «$1»'],
  [/^Too small: expected string to have >=?1 characters?$/i, 'обязательное поле'],
  [/^Too big: expected string to have <=?(\d+) characters$/i, 'не длиннее $1 символов'],
];

export function localizeApiMessage(message: string, lang: string): string {
  if (lang !== 'ru') return message;
  for (const [re, ru] of RU) if (re.test(message)) return message.replace(re, ru);
  return message;
}
