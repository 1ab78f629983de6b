import { sql } from 'kysely';
import type { CrmKernel as Kernel } from './kernel.ts';
import type { Tx } from '../core/db/schema.ts';
import { systemActor } from '../core/auth/actor.ts';
import { newId } from '../core/ids.ts';
import type { AppendedEvent } from '../cdp/index.ts';
import { searchText } from './search-text.ts';
import { logPbxCall } from './telephony-routes.ts';
import { seededRandom, type SeededRandom } from '../core/seeded-random.ts';

/**
 * The CRM demo: two years of a B2B sales team's work ("ТехноСнаб", SCENARIOS.md story 2: 35 sales
 * managers, 8,000 companies over Russia) — Russian companies and their contacts, three pipelines
 * (new clients, key accounts, tenders) with deals and their stage history, calls, meetings, visits,
 * tasks (some overdue today), notes, call scripts, cadences (each sales manager has cold calls and a
 * visit planned for today) and consent history, then today's calls reported by the office PBX
 * through the telephony webhook's own code path. Written with set-based inserts so `kartoteka demo`
 * stays quick; skipped when the workspace already has CRM data.
 *
 * Everything is in Russian (the distributor works in Russia) and belongs to story 2 alone: no email
 * or phone here is used by the pharmacy's loyalty members (src/cdp/demo-events.ts keeps its
 * numbers in the +7 900 block, which this file never draws). Times are relative to the clock at
 * seed time and nothing lies in the future but what is planned (due tasks, cadences, expected
 * closes); every manager opens and closes deals in the current month, so "this month" in the reports
 * and the agenda is never empty, whatever today's date.
 */

const DAY = 86_400_000;

/** The first three sales managers of story 2, whose data the browser tests walk through. */
const FIRST_MANAGERS = ['dmitry.volkov@tekhnosnab.ru', 'anna.kuznetsova@tekhnosnab.ru', 'sergey.popov@tekhnosnab.ru'];
/** The rest of the field team (32 more managers, 35 in all), each with a territory of companies. */
export const DEMO_FIELD_TEAM: { email: string; name: string }[] = [
  ['aleksey.novikov', 'Алексей Новиков'],
  ['maria.fedorova', 'Мария Фёдорова'],
  ['pavel.orlov', 'Павел Орлов'],
  ['tatiana.egorova', 'Татьяна Егорова'],
  ['maxim.stepanov', 'Максим Степанов'],
  ['ekaterina.pavlova', 'Екатерина Павлова'],
  ['andrey.kozlov', 'Андрей Козлов'],
  ['natalia.nikolaeva', 'Наталья Николаева'],
  ['roman.makarov', 'Роман Макаров'],
  ['yulia.zakharova', 'Юлия Захарова'],
  ['kirill.zaitsev', 'Кирилл Зайцев'],
  ['irina.borisova', 'Ирина Борисова'],
  ['nikita.yakovlev', 'Никита Яковлев'],
  ['svetlana.grigorieva', 'Светлана Григорьева'],
  ['mikhail.alekseev', 'Михаил Алексеев'],
  ['daria.andreeva', 'Дарья Андреева'],
  ['egor.nikitin', 'Егор Никитин'],
  ['ksenia.solovieva', 'Ксения Соловьёва'],
  ['vladimir.semenov', 'Владимир Семёнов'],
  ['victoria.petrova', 'Виктория Петрова'],
  ['oleg.vasiliev', 'Олег Васильев'],
  ['polina.mikhailova', 'Полина Михайлова'],
  ['artem.belov', 'Артём Белов'],
  ['lyudmila.tarasova', 'Людмила Тарасова'],
  ['ilya.komarov', 'Илья Комаров'],
  ['anastasia.kiseleva', 'Анастасия Киселёва'],
  ['fedor.ershov', 'Фёдор Ершов'],
  ['vera.golubeva', 'Вера Голубева'],
  ['evgeny.gusev', 'Евгений Гусев'],
  ['alena.titova', 'Алёна Титова'],
  ['konstantin.melnikov', 'Константин Мельников'],
  ['olga.krylova', 'Ольга Крылова'],
].map(([login, name]) => ({ email: `${login}@tekhnosnab.ru`, name }));
/** The sales team of story 2 (35 managers); the head of sales owns no deals but reads the reports. */
export const DEMO_SALES_MANAGERS = [...FIRST_MANAGERS, ...DEMO_FIELD_TEAM.map((u) => u.email)];
/** The office number the demo PBX reports calls from and to. */
export const DEMO_OFFICE_PHONE = '+74951234500';

const rng = seededRandom;

const RU_MALE = [
  'Александр',
  'Дмитрий',
  'Максим',
  'Сергей',
  'Андрей',
  'Алексей',
  'Артём',
  'Илья',
  'Кирилл',
  'Михаил',
  'Никита',
  'Матвей',
  'Роман',
  'Егор',
  'Иван',
  'Павел',
  'Владимир',
  'Олег',
  'Юрий',
  'Фёдор',
];
const RU_FEMALE = [
  'Анна',
  'Мария',
  'Елена',
  'Ольга',
  'Наталья',
  'Татьяна',
  'Ирина',
  'Екатерина',
  'Светлана',
  'Юлия',
  'Анастасия',
  'Дарья',
  'Ксения',
  'Алёна',
  'Виктория',
  'Полина',
  'Людмила',
  'Вера',
];
const RU_LAST = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
  'Павлов',
  'Козлов',
  'Степанов',
  'Николаев',
  'Орлов',
  'Андреев',
  'Макаров',
  'Никитин',
  'Захаров',
  'Зайцев',
  'Соловьёв',
  'Борисов',
  'Яковлев',
  'Григорьев',
];
const CITIES = [
  { city: 'Москва', region: 'Москва', w: 30 },
  { city: 'Санкт-Петербург', region: 'Санкт-Петербург', w: 15 },
  { city: 'Казань', region: 'Республика Татарстан', w: 8 },
  { city: 'Новосибирск', region: 'Новосибирская область', w: 8 },
  { city: 'Екатеринбург', region: 'Свердловская область', w: 8 },
  { city: 'Нижний Новгород', region: 'Нижегородская область', w: 6 },
  { city: 'Краснодар', region: 'Краснодарский край', w: 6 },
  { city: 'Самара', region: 'Самарская область', w: 5 },
  { city: 'Ростов-на-Дону', region: 'Ростовская область', w: 5 },
  { city: 'Пермь', region: 'Пермский край', w: 4 },
  { city: 'Воронеж', region: 'Воронежская область', w: 4 },
];
const CITY_BAG = CITIES.flatMap((c) => Array(c.w).fill(c)) as typeof CITIES;
const POSITIONS = [
  'Генеральный директор',
  'Коммерческий директор',
  'Менеджер по закупкам',
  'Руководитель отдела закупок',
  'Финансовый директор',
  'IT-директор',
  'Главный инженер',
  'Офис-менеджер',
  'Начальник отдела снабжения',
  'Руководитель службы логистики',
];
const SOURCES = [
  'Сайт',
  'Рекомендация',
  'Выставка',
  'Холодный звонок',
  'Яндекс.Директ',
  'Email-рассылка',
  'Входящий звонок',
  'Партнёр',
];
const CAMPAIGNS = [
  'Весна 2025',
  'Иннопром 2025',
  'Чёрная пятница 2025',
  'Вебинар «Автоматизация склада»',
  'Осень 2026',
  'Реактивация базы',
  null,
  null,
  null,
];
const WON_REASONS = ['Лучшая цена', 'Качество сервиса', 'Сроки поставки', 'Рекомендация', 'Техническое решение'];
const LOST_REASONS = [
  'Дорого',
  'Выбрали конкурента',
  'Нет бюджета',
  'Проект отложен',
  'Не вышли на ЛПР',
  'Не устроили сроки',
];
const DEAL_WHAT = [
  'Поставка оборудования',
  'Лицензии ПО',
  'Сервисный контракт',
  'Внедрение CRM',
  'Поставка расходных материалов',
  'Модернизация склада',
  'Обучение персонала',
  'Аудит процессов',
  'Годовой контракт',
  'Пилотный проект',
];
const CALL_OUTCOMES = ['answered', 'answered', 'answered', 'no_answer', 'busy', 'voicemail'];
const NOTES = [
  'Клиент просит КП до конца недели',
  'ЛПР — коммерческий директор, бюджет согласован',
  'Интересуются рассрочкой',
  'Сравнивают с конкурентом, важна цена',
  'Просили перезвонить после отпуска',
  'Отправили презентацию и кейсы',
  'Просят отсрочку платежа на 30 дней',
  'Нужны сертификаты соответствия к поставке',
];
const TASKS = [
  'Отправить КП',
  'Перезвонить клиенту',
  'Подготовить договор',
  'Согласовать скидку',
  'Назначить встречу',
  'Выставить счёт',
  'Напомнить об оплате счёта',
  'Уточнить реквизиты',
  'Отправить спецификацию на согласование',
  'Запросить закрывающие документы',
];
/** Email boxes of people who write from a personal address. */
const MAIL_DOMAINS = ['mail.ru', 'yandex.ru', 'bk.ru', 'inbox.ru'];
/** The +7 900 block belongs to the pharmacy's loyalty members (src/cdp/demo-events.ts): no CRM phone is drawn from it. */
const mobile = (g: SeededRandom, taken: Set<string>) => {
  let phone: string;
  do phone = `+79${String(g.int(0, 999999999)).padStart(9, '0')}`;
  while (taken.has(phone) || phone.startsWith('+7900'));
  taken.add(phone);
  return phone;
};

// ── The field team's territories (story 2 at scale): cities over Russia with their area codes, and
// the makings of Russian B2B company names (a prefix, a root that says the trade, a suffix).
/** Companies in the demo in all: the first 300 and the field team's territories. */
const DEMO_COMPANIES = 8000;
const FIELD_CITIES: { city: string; region: string; code: string; w: number }[] = [
  { city: 'Москва', region: 'Москва', code: '495', w: 16 },
  { city: 'Химки', region: 'Московская область', code: '495', w: 2 },
  { city: 'Подольск', region: 'Московская область', code: '4967', w: 2 },
  { city: 'Санкт-Петербург', region: 'Санкт-Петербург', code: '812', w: 9 },
  { city: 'Гатчина', region: 'Ленинградская область', code: '81371', w: 1 },
  { city: 'Новосибирск', region: 'Новосибирская область', code: '383', w: 4 },
  { city: 'Екатеринбург', region: 'Свердловская область', code: '343', w: 4 },
  { city: 'Казань', region: 'Республика Татарстан', code: '843', w: 4 },
  { city: 'Набережные Челны', region: 'Республика Татарстан', code: '8552', w: 1 },
  { city: 'Нижний Новгород', region: 'Нижегородская область', code: '831', w: 3 },
  { city: 'Челябинск', region: 'Челябинская область', code: '351', w: 3 },
  { city: 'Магнитогорск', region: 'Челябинская область', code: '3519', w: 1 },
  { city: 'Красноярск', region: 'Красноярский край', code: '391', w: 3 },
  { city: 'Самара', region: 'Самарская область', code: '846', w: 3 },
  { city: 'Тольятти', region: 'Самарская область', code: '8482', w: 1 },
  { city: 'Уфа', region: 'Республика Башкортостан', code: '347', w: 3 },
  { city: 'Ростов-на-Дону', region: 'Ростовская область', code: '863', w: 3 },
  { city: 'Краснодар', region: 'Краснодарский край', code: '861', w: 3 },
  { city: 'Новороссийск', region: 'Краснодарский край', code: '8617', w: 1 },
  { city: 'Омск', region: 'Омская область', code: '3812', w: 2 },
  { city: 'Воронеж', region: 'Воронежская область', code: '473', w: 2 },
  { city: 'Пермь', region: 'Пермский край', code: '342', w: 2 },
  { city: 'Волгоград', region: 'Волгоградская область', code: '8442', w: 2 },
  { city: 'Саратов', region: 'Саратовская область', code: '8452', w: 2 },
  { city: 'Тюмень', region: 'Тюменская область', code: '3452', w: 2 },
  { city: 'Ижевск', region: 'Удмуртская Республика', code: '3412', w: 1 },
  { city: 'Барнаул', region: 'Алтайский край', code: '3852', w: 1 },
  { city: 'Ульяновск', region: 'Ульяновская область', code: '8422', w: 1 },
  { city: 'Иркутск', region: 'Иркутская область', code: '3952', w: 2 },
  { city: 'Хабаровск', region: 'Хабаровский край', code: '4212', w: 1 },
  { city: 'Владивосток', region: 'Приморский край', code: '423', w: 2 },
  { city: 'Ярославль', region: 'Ярославская область', code: '4852', w: 1 },
  { city: 'Томск', region: 'Томская область', code: '3822', w: 1 },
  { city: 'Оренбург', region: 'Оренбургская область', code: '3532', w: 1 },
  { city: 'Кемерово', region: 'Кемеровская область', code: '3842', w: 1 },
  { city: 'Новокузнецк', region: 'Кемеровская область', code: '3843', w: 1 },
  { city: 'Рязань', region: 'Рязанская область', code: '4912', w: 1 },
  { city: 'Астрахань', region: 'Астраханская область', code: '8512', w: 1 },
  { city: 'Пенза', region: 'Пензенская область', code: '8412', w: 1 },
  { city: 'Липецк', region: 'Липецкая область', code: '4742', w: 1 },
  { city: 'Тула', region: 'Тульская область', code: '4872', w: 1 },
  { city: 'Калининград', region: 'Калининградская область', code: '4012', w: 1 },
  { city: 'Мурманск', region: 'Мурманская область', code: '8152', w: 1 },
  { city: 'Архангельск', region: 'Архангельская область', code: '8182', w: 1 },
  { city: 'Сургут', region: 'Ханты-Мансийский автономный округ — Югра', code: '3462', w: 1 },
  { city: 'Белгород', region: 'Белгородская область', code: '4722', w: 1 },
  { city: 'Ставрополь', region: 'Ставропольский край', code: '8652', w: 1 },
  { city: 'Якутск', region: 'Республика Саха (Якутия)', code: '4112', w: 1 },
  { city: 'Чебоксары', region: 'Чувашская Республика', code: '8352', w: 1 },
  { city: 'Тверь', region: 'Тверская область', code: '4822', w: 1 },
  { city: 'Курск', region: 'Курская область', code: '4712', w: 1 },
  { city: 'Смоленск', region: 'Смоленская область', code: '4812', w: 1 },
  { city: 'Петрозаводск', region: 'Республика Карелия', code: '8142', w: 1 },
  { city: 'Вологда', region: 'Вологодская область', code: '8172', w: 1 },
  { city: 'Киров', region: 'Кировская область', code: '8332', w: 1 },
  { city: 'Махачкала', region: 'Республика Дагестан', code: '8722', w: 1 },
];
const FIELD_CITY_BAG = FIELD_CITIES.flatMap((c) => Array(c.w).fill(c)) as typeof FIELD_CITIES;
/** Name prefixes: short ones are joined to the root («Сибметалл»), whole words with a hyphen («Волга-Снаб»). */
const CO_PREFIXES: [string, boolean][] = [
  ...['Сиб', 'Урал', 'Рос', 'Евро', 'Мега', 'Интер', 'Балт', 'Дон', 'Волж', 'Сев', 'Даль', 'Центр'].map(
    (p): [string, boolean] => [p, false],
  ),
  ...[
    'Волга',
    'Кубань',
    'Нева',
    'Кама',
    'Амур',
    'Енисей',
    'Байкал',
    'Север',
    'Регион',
    'Стандарт',
    'Профи',
    'Альфа',
    'Вектор',
    'Гранд',
    'Старт',
    'Прогресс',
    'Лидер',
    'Эксперт',
    'Гарант',
    'Меридиан',
    'Орион',
    'Атлант',
    'Титан',
    'Магистраль',
  ].map((p): [string, boolean] => [p, true]),
];
/** Prefixes that name a part of the country go only to companies there (no «Кубань-…» in Омск). */
const CO_PREFIX_REGIONS: Record<string, string[]> = {
  Сиб: [
    'Новосибирская область',
    'Омская область',
    'Томская область',
    'Кемеровская область',
    'Красноярский край',
    'Иркутская область',
    'Алтайский край',
  ],
  Урал: [
    'Свердловская область',
    'Челябинская область',
    'Пермский край',
    'Республика Башкортостан',
    'Оренбургская область',
    'Тюменская область',
    'Удмуртская Республика',
  ],
  Балт: ['Санкт-Петербург', 'Ленинградская область', 'Калининградская область'],
  Нева: ['Санкт-Петербург', 'Ленинградская область'],
  Дон: ['Ростовская область', 'Воронежская область'],
  Волж: [
    'Нижегородская область',
    'Самарская область',
    'Саратовская область',
    'Волгоградская область',
    'Ульяновская область',
    'Астраханская область',
    'Республика Татарстан',
    'Чувашская Республика',
  ],
  Волга: [
    'Нижегородская область',
    'Самарская область',
    'Саратовская область',
    'Волгоградская область',
    'Ульяновская область',
    'Астраханская область',
    'Ярославская область',
    'Тверская область',
    'Республика Татарстан',
    'Чувашская Республика',
  ],
  Кубань: ['Краснодарский край', 'Ставропольский край'],
  Кама: ['Республика Татарстан', 'Пермский край', 'Удмуртская Республика', 'Республика Башкортостан'],
  Амур: ['Хабаровский край', 'Приморский край'],
  Даль: ['Хабаровский край', 'Приморский край', 'Республика Саха (Якутия)'],
  Енисей: ['Красноярский край'],
  Байкал: ['Иркутская область'],
  Сев: [
    'Мурманская область',
    'Архангельская область',
    'Республика Карелия',
    'Вологодская область',
    'Ханты-Мансийский автономный округ — Югра',
    'Республика Саха (Якутия)',
  ],
  Север: [
    'Мурманская область',
    'Архангельская область',
    'Республика Карелия',
    'Вологодская область',
    'Ханты-Мансийский автономный округ — Югра',
    'Республика Саха (Якутия)',
  ],
};
/** Name roots and the industry they say. */
const CO_ROOTS: [string, string][] = [
  ['Пром', 'Производство'],
  ['Строй', 'Строительство'],
  ['Снаб', 'Оптовая торговля'],
  ['Техно', 'Производство'],
  ['Металл', 'Металлургия'],
  ['Сталь', 'Металлургия'],
  ['Маш', 'Машиностроение'],
  ['Энерго', 'Энергетика'],
  ['Электро', 'Энергетика'],
  ['Кабель', 'Энергетика'],
  ['Агро', 'Агропром'],
  ['Продукт', 'Пищевая промышленность'],
  ['Лес', 'Деревообработка'],
  ['Хим', 'Химическая промышленность'],
  ['Пласт', 'Химическая промышленность'],
  ['Транс', 'Транспорт'],
  ['Лог', 'Логистика'],
  ['Склад', 'Логистика'],
  ['Торг', 'Оптовая торговля'],
  ['Опт', 'Оптовая торговля'],
  ['Комплект', 'Оптовая торговля'],
  ['Трейд', 'Оптовая торговля'],
  ['Монтаж', 'Строительство'],
  ['Бетон', 'Строительство'],
  ['Нефть', 'Нефть и газ'],
  ['Газ', 'Нефть и газ'],
  ['Фарм', 'Фармацевтика'],
  ['Мед', 'Медицина'],
  ['Инструмент', 'Производство'],
  ['Упак', 'Производство'],
  ['Сервис', 'Услуги для бизнеса'],
  ['Инжиниринг', 'Услуги для бизнеса'],
  ['Тепло', 'ЖКХ'],
  ['Аква', 'ЖКХ'],
  ['Авто', 'Транспорт'],
  ['Софт', 'IT'],
  ['Маркет', 'Розничная торговля'],
];
const CO_SUFFIXES = [
  '',
  '',
  '',
  '',
  ' Плюс',
  ' Групп',
  '-Трейд',
  ' Холдинг',
  '-М',
  ' Инвест',
  '-Регион',
  ' Ресурс',
  '-Центр',
  ' Инжиниринг',
  '-Сервис',
];
const CO_LEGAL = [
  'ООО',
  'ООО',
  'ООО',
  'ООО',
  'ООО',
  'ООО',
  'ООО',
  'ООО',
  'АО',
  'АО',
  'ООО ТД',
  'ООО ТД',
  'ООО ПК',
  'ООО ГК',
  'ООО НПО',
  'ЗАО',
  'ПАО',
];
const CO_SIZES = [
  '1-10',
  '1-10',
  '11-50',
  '11-50',
  '11-50',
  '11-50',
  '51-200',
  '51-200',
  '51-200',
  '201-1000',
  '201-1000',
  '1000+',
];
/** Surnames of the field team's contacts. */
const FIELD_LAST = [
  ...RU_LAST.filter((l) => !l.startsWith('А')),
  'Белов',
  'Воробьёв',
  'Гусев',
  'Голубев',
  'Давыдов',
  'Ершов',
  'Жуков',
  'Зуев',
  'Ильин',
  'Киселёв',
  'Комаров',
  'Крылов',
  'Кудрявцев',
  'Лазарев',
  'Медведев',
  'Мельников',
  'Назаров',
  'Осипов',
  'Поляков',
  'Романов',
  'Сорокин',
  'Тарасов',
  'Тимофеев',
  'Титов',
  'Фомин',
  'Чернов',
  'Шестаков',
  'Щербаков',
  'Баранов',
  'Виноградов',
  'Герасимов',
  'Дмитриев',
  'Журавлёв',
  'Калинин',
  'Корнилов',
  'Лукин',
  'Миронов',
  'Некрасов',
  'Панов',
  'Рыбаков',
  'Савельев',
  'Тихонов',
  'Ушаков',
  'Филиппов',
  'Харитонов',
  'Цветков',
  'Шубин',
  'Юдин',
  'Вишневский',
  'Покровский',
];
const FIELD_POSITIONS = [
  'Генеральный директор',
  'Коммерческий директор',
  'Менеджер по закупкам',
  'Менеджер по закупкам',
  'Руководитель отдела закупок',
  'Начальник отдела снабжения',
  'Начальник отдела снабжения',
  'Финансовый директор',
  'Главный инженер',
  'Главный механик',
  'Заведующий складом',
  'Специалист по тендерам',
];
const TENDER_SOURCES = ['Госзакупки (44-ФЗ)', 'Тендерная площадка (223-ФЗ)', 'Сбербанк-АСТ', 'B2B-Center'];
const TENDER_WHAT = [
  'Поставка по тендеру',
  'Годовой контракт (44-ФЗ)',
  'Закупка оборудования (223-ФЗ)',
  'Поставка расходных материалов по лоту',
  'Рамочный договор по итогам конкурса',
];
const femaleSurname = (last: string) => (last.endsWith('ий') ? last.slice(0, -2) + 'ая' : last + 'а');

/**
 * A Russian B2B company's name for a company in `region` (ООО «Сибметалл Плюс», АО «Волга-Снаб»):
 * a prefix, a root that says the trade, a suffix and a legal form. Null when the draw does not fit
 * (the core is taken, says a word twice, or names a part of the country elsewhere): draw again.
 */
function drawCompanyName(
  g: SeededRandom,
  region: string,
  taken: Set<string>,
): { name: string; core: string; trade: string } | null {
  const [prefix, word] = g.pick(CO_PREFIXES);
  const [root, trade] = g.pick(CO_ROOTS);
  const suffix = g.pick(CO_SUFFIXES);
  const core = (word ? `${prefix}-${root}` : prefix + root.toLowerCase()) + suffix;
  const tail = suffix.replace(/^[\s-]/, '');
  if (
    taken.has(core) ||
    (tail && (tail === root || tail === prefix)) ||
    (CO_PREFIX_REGIONS[prefix] && !CO_PREFIX_REGIONS[prefix].includes(region))
  )
    return null;
  return { name: `${g.pick(CO_LEGAL)} «${core}»`, core, trade };
}

const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};
const translit = (s: string) => [...s.toLowerCase()].map((c) => TRANSLIT[c] ?? (/[a-z0-9]/.test(c) ? c : '')).join('');

/** The columns (and their SQL types) the demo writes with `bulk`. */
const COMPANY_COLUMNS = {
  workspace_id: 'uuid',
  id: 'uuid',
  name: 'text',
  domain: 'text',
  industry: 'text',
  size: 'text',
  phone: 'text',
  website: 'text',
  city: 'text',
  region: 'text',
  country: 'text',
  owner_id: 'uuid',
  tags: 'text[]',
  search: 'text',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
};
const PEOPLE_COLUMNS = {
  workspace_id: 'uuid',
  person_id: 'uuid',
  first_name: 'text',
  last_name: 'text',
  emails: 'text[]',
  phones: 'text[]',
  company_id: 'uuid',
  position: 'text',
  owner_id: 'uuid',
  lifecycle_stage: 'text',
  source: 'text',
  city: 'text',
  region: 'text',
  country: 'text',
  birthday: 'date',
  tags: 'text[]',
  search: 'text',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
};
const DEAL_COLUMNS = {
  workspace_id: 'uuid',
  id: 'uuid',
  title: 'text',
  pipeline_id: 'uuid',
  stage_id: 'uuid',
  status: 'text',
  amount: 'numeric',
  currency: 'text',
  probability: 'integer',
  expected_close: 'date',
  owner_id: 'uuid',
  person_id: 'uuid',
  company_id: 'uuid',
  source: 'text',
  campaign: 'text',
  region: 'text',
  close_reason: 'text',
  closed_at: 'timestamptz',
  stage_entered_at: 'timestamptz',
  position: 'float8',
  tags: 'text[]',
  search: 'text',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
};
const CHANGE_COLUMNS = {
  workspace_id: 'uuid',
  id: 'uuid',
  deal_id: 'uuid',
  pipeline_id: 'uuid',
  from_stage_id: 'uuid',
  to_stage_id: 'uuid',
  seconds_in_from: 'integer',
  actor: 'text',
  changed_at: 'timestamptz',
};
const CADENCE_COLUMNS = {
  workspace_id: 'uuid',
  id: 'uuid',
  person_id: 'uuid',
  company_id: 'uuid',
  deal_id: 'uuid',
  assignee_id: 'uuid',
  kind: 'text',
  subject: 'text',
  interval_days: 'integer',
  next_due_at: 'timestamptz',
  ends_at: 'timestamptz',
  active: 'boolean',
};
const ACTIVITY_COLUMNS = {
  workspace_id: 'uuid',
  id: 'uuid',
  kind: 'text',
  subject: 'text',
  body: 'text',
  person_id: 'uuid',
  company_id: 'uuid',
  deal_id: 'uuid',
  owner_id: 'uuid',
  assignee_id: 'uuid',
  occurred_at: 'timestamptz',
  due_at: 'timestamptz',
  done_at: 'timestamptz',
  direction: 'text',
  duration_seconds: 'integer',
  outcome: 'text',
  recording_url: 'text',
  script_id: 'uuid',
  phone: 'text',
  location: 'text',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
};

/** INSERT … SELECT FROM jsonb_to_recordset: one statement per chunk, whatever the row count. */
async function bulk(trx: Tx, table: string, columns: Record<string, string>, rows: Record<string, unknown>[]) {
  const cols = Object.keys(columns);
  const def = sql.raw(cols.map((c) => `${c} ${columns[c]}`).join(', '));
  const list = sql.raw(cols.join(', '));
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await sql`INSERT INTO ${sql.raw(table)} (${list}) SELECT ${list} FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(${def})`.execute(
      trx,
    );
  }
}

export async function seedCrmDemo(
  k: Kernel,
  { workspaceId: ws, log }: { workspaceId: string; log: (line: string) => void },
) {
  const has = await k.db
    .selectFrom('crm_deals')
    .select('id')
    .where('workspace_id', '=', ws)
    .limit(1)
    .executeTakeFirst();
  const hasPeople = await k.db
    .selectFrom('crm_people')
    .select('person_id')
    .where('workspace_id', '=', ws)
    .limit(1)
    .executeTakeFirst();
  if (has || hasPeople) {
    log('crm: already has data, left as it is');
    return;
  }
  const started = Date.now();
  const r = rng(20261123);
  const now = Date.now();
  const span = 730 * DAY;
  const start = now - span;
  const iso = (t: number) => new Date(t).toISOString();
  const members = await k.auth.listMembers(ws);
  const byEmail = new Map(members.map((m) => [m.email, m.id]));
  const managerEmails = FIRST_MANAGERS.filter((e) => byEmail.has(e));
  const managers = managerEmails.map((e) => byEmail.get(e)!);
  if (!managers.length) managers.push(...members.map((m) => m.id).slice(0, 1));
  const fieldTeam = DEMO_FIELD_TEAM.map((u) => byEmail.get(u.email)).filter((x): x is string => !!x);
  // The distributor's own people own its clients (the bank's contact-centre agents of story 3 own none).
  const owners = managers;
  const actor = systemActor(ws, 'demo', 'import');
  // Story 2's additions (the key-accounts pipeline, today's plan, PBX calls) draw from their own
  // seeded stream, so everything the main stream makes stays as it was before they were added.
  const s2 = rng(20261130);

  // Pipelines through the service (their stages and audit like any other).
  const sales = await k.crm.pipelines.create(actor, {
    name: 'Новые клиенты',
    currency: 'RUB',
    stages: [
      { name: 'Квалификация', probability: 10, kind: 'open' },
      { name: 'Выявление потребностей', probability: 25, kind: 'open' },
      { name: 'Коммерческое предложение', probability: 50, kind: 'open' },
      { name: 'Переговоры', probability: 75, kind: 'open' },
      { name: 'Успешно', probability: 100, kind: 'won' },
      { name: 'Проиграна', probability: 0, kind: 'lost' },
    ],
  });
  const keyAccounts = await k.crm.pipelines.create(actor, {
    name: 'Ключевые клиенты',
    currency: 'RUB',
    stages: [
      { name: 'Анализ потребностей', probability: 20, kind: 'open' },
      { name: 'Согласование спецификации', probability: 45, kind: 'open' },
      { name: 'Договор', probability: 75, kind: 'open' },
      { name: 'Контракт подписан', probability: 100, kind: 'won' },
      { name: 'Отказ', probability: 0, kind: 'lost' },
    ],
  });
  const tenders = await k.crm.pipelines.create(actor, {
    name: 'Тендеры',
    currency: 'RUB',
    stages: [
      { name: 'Подготовка заявки', probability: 15, kind: 'open' },
      { name: 'Заявка подана', probability: 35, kind: 'open' },
      { name: 'Рассмотрение', probability: 60, kind: 'open' },
      { name: 'Выиграли', probability: 100, kind: 'won' },
      { name: 'Проиграли', probability: 0, kind: 'lost' },
    ],
  });
  const scripts: { id: string }[] = [];
  for (const s of [
    {
      name: 'Холодный звонок',
      body: 'Цель: выйти на ЛПР и назначить встречу.',
      steps: [
        { title: 'Приветствие', text: 'Здравствуйте! Меня зовут …, компания «ТехноСнаб». Удобно говорить?' },
        {
          title: 'Цель звонка',
          text: 'Мы помогаем складам сократить время комплектации на 30%. Кто у вас отвечает за логистику?',
        },
        { title: 'Встреча', text: 'Предлагаю короткую встречу на 30 минут: вторник или четверг?' },
      ],
    },
    {
      name: 'Входящий звонок',
      body: 'Клиент звонит сам: выяснить потребность и передать менеджеру.',
      steps: [
        { title: 'Приветствие', text: '«ТехноСнаб», добрый день! Меня зовут …' },
        { title: 'Потребность', text: 'Подскажите, что вас интересует? Для какой задачи?' },
        { title: 'Контакты', text: 'Оставьте, пожалуйста, email — пришлём предложение.' },
      ],
    },
    {
      name: 'Работа с возражением «дорого»',
      body: 'Не спорить, считать выгоду.',
      steps: [
        { title: 'Согласие', text: 'Понимаю, бюджет важен.' },
        { title: 'Расчёт', text: 'Давайте посчитаем, сколько вы теряете на ошибках комплектации сейчас.' },
        { title: 'Варианты', text: 'Можем начать с пилота или рассрочки.' },
      ],
    },
  ])
    scripts.push(await k.crm.scripts.create(actor, s));

  const pbxTargets: string[] = [];
  await k.db.transaction().execute(async (trx) => {
    // Bulk GIN (trigram) index inserts are much cheaper through a large pending list.
    await sql`SET LOCAL gin_pending_list_limit = '64MB'`.execute(trx);
    // ── companies
    // The first 300 (the first three managers' clients): in the big cities, named as Russian firms are.
    const cores = new Set<string>();
    const domains = new Set<string>();
    const companies = Array.from({ length: 300 }, () => {
      const place = r.pick(CITY_BAG);
      let made: ReturnType<typeof drawCompanyName> = null;
      while (!made) made = drawCompanyName(r, place.region, cores);
      cores.add(made.core);
      cores.add(made.name);
      const base = made.core
        .split(/[\s-]+/)
        .map(translit)
        .join('-');
      let slug = base;
      for (let n = 2; domains.has(`${slug}.ru`); n++) slug = `${base}-${n}`;
      domains.add(`${slug}.ru`);
      const code = FIELD_CITIES.find((c) => c.city === place.city)?.code ?? '495';
      const created = start + r.next() * span * 0.6;
      return {
        workspace_id: ws,
        id: newId(),
        name: made.name,
        domain: `${slug}.ru`,
        industry: made.trade,
        size: r.pick(CO_SIZES),
        phone: `+7${code}${r.int(2 * 10 ** (9 - code.length), 10 ** (10 - code.length) - 1)}`,
        website: `https://${slug}.ru`,
        city: place.city,
        region: place.region,
        country: 'Россия',
        owner_id: r.pick(owners),
        tags: r.chance(0.2) ? ['ключевой'] : [],
        search: '',
        created_at: iso(created),
        updated_at: iso(created),
      };
    });
    for (const c of companies)
      c.search = searchText({ texts: [c.name, c.domain, c.industry, c.city], phones: [c.phone] });
    await bulk(trx, 'crm_companies', COMPANY_COLUMNS, companies);

    // ── people: CDP persons (with their email and phone identities), then their CRM rows
    const phones = new Set<string>();
    const emails = new Set<string>();
    const people = Array.from({ length: 2000 }, () => {
      const female = r.chance(0.5);
      const first = r.pick(female ? RU_FEMALE : RU_MALE);
      const last = female ? femaleSurname(r.pick(RU_LAST)) : r.pick(RU_LAST);
      const company = r.chance(0.8) ? companies[r.int(0, companies.length - 1)] : null;
      const place = company && r.chance(0.7) ? { city: company.city, region: company.region } : r.pick(CITY_BAG);
      const phone = mobile(r, phones);
      const hasEmail = r.chance(0.9);
      // A work address as Russian firms give them (ivan.petrov@, i.petrov@, petrov@), or a personal box.
      const domain = company ? company.domain : r.pick(MAIL_DOMAINS);
      const style = r.int(0, 2);
      const local =
        style === 0
          ? `${translit(first)}.${translit(last)}`
          : style === 1
            ? `${translit(first)[0]}.${translit(last)}`
            : translit(last);
      let email = `${local}@${domain}`;
      for (let n = 2; emails.has(email); n++) email = `${local}${n}@${domain}`;
      if (hasEmail) emails.add(email);
      const created = Math.max(company ? Date.parse(company.created_at) : start, start + r.next() * span * 0.9);
      const stage = r.pick(['lead', 'lead', 'prospect', 'prospect', 'customer', 'customer', 'customer', 'churned']);
      return {
        workspace_id: ws,
        person_id: newId(),
        first_name: first,
        last_name: last,
        emails: hasEmail ? [email] : [],
        phones: !hasEmail || r.chance(0.9) ? [phone] : [],
        company_id: company?.id ?? null,
        company_name: company?.name ?? null,
        position: company ? r.pick(POSITIONS) : null,
        owner_id: r.pick(owners),
        lifecycle_stage: stage,
        source: r.pick(SOURCES),
        city: place.city,
        region: place.region,
        country: 'Россия',
        birthday: r.chance(0.3)
          ? `${r.int(1965, 2000)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`
          : null,
        tags: r.chance(0.15) ? [r.pick(['VIP', 'опт', 'партнёр', 'newsletter'])] : [],
        search: '',
        created_at: iso(created),
        updated_at: iso(created),
      };
    });
    for (const p of people)
      p.search = searchText({
        texts: [p.first_name, p.last_name, p.company_name, p.position, p.city],
        emails: p.emails,
        phones: p.phones,
      });
    await k.cdp.directory.lock(trx, ws);
    const taken = await k.cdp.directory.resolve(
      trx,
      ws,
      people.flatMap((p) => [
        ...p.emails.map((v) => ({ kind: 'email' as const, value: v })),
        ...p.phones.map((v) => ({ kind: 'phone' as const, value: v })),
      ]),
    );
    await k.cdp.directory.create(
      trx,
      ws,
      people.map((p) => ({
        id: p.person_id,
        identities: [
          ...p.emails.map((v) => ({ kind: 'email' as const, value: v })),
          ...p.phones.map((v) => ({ kind: 'phone' as const, value: v })),
        ].filter((x) => !taken.has(`${x.kind}\u0001${x.value}`)),
      })),
    );
    await bulk(trx, 'crm_people', PEOPLE_COLUMNS, people);
    const personById = new Map(people.map((p) => [p.person_id, p]));
    const events: AppendedEvent[] = people.map((p) => ({
      personId: p.person_id,
      type: 'change',
      event: 'person.created',
      properties: { fields: { firstName: p.first_name, lastName: p.last_name, source: p.source } },
      occurredAt: new Date(p.created_at),
    }));

    // ── consent history: email marketing from sign-up, SMS for some (a few withdraw it later), calls for service
    const consents: Record<string, unknown>[] = [];
    const consent = (
      p: (typeof people)[number],
      channel: string,
      purpose: string,
      granted: boolean,
      source: string,
      at: number,
    ) => {
      consents.push({
        workspace_id: ws,
        id: newId(),
        person_id: p.person_id,
        channel,
        purpose,
        granted,
        source,
        evidence: source === 'web_form' ? 'Форма подписки на сайте' : null,
        actor: 'demo',
        occurred_at: iso(at),
      });
      events.push({
        personId: p.person_id,
        type: 'consent',
        event: granted ? 'consent.granted' : 'consent.withdrawn',
        properties: { channel, purpose, source },
        occurredAt: new Date(at),
      });
    };
    for (const p of people) {
      const t0 = Date.parse(p.created_at);
      if (p.emails.length && r.chance(0.7)) {
        consent(p, 'email', 'marketing', true, 'web_form', t0 + DAY);
        if (r.chance(0.1))
          consent(p, 'email', 'marketing', false, 'unsubscribe_link', Math.min(now - DAY, t0 + r.int(30, 300) * DAY));
      }
      if (p.phones.length && r.chance(0.45)) {
        consent(p, 'sms', 'marketing', true, 'web_form', t0 + DAY);
        if (r.chance(0.25))
          consent(p, 'sms', 'marketing', false, 'sms_stop', Math.min(now - DAY, t0 + r.int(20, 400) * DAY));
      }
      if (p.phones.length && r.chance(0.3)) consent(p, 'calls', 'service', true, 'call_center', t0 + 2 * DAY);
    }
    await bulk(
      trx,
      'crm_consents',
      {
        workspace_id: 'uuid',
        id: 'uuid',
        person_id: 'uuid',
        channel: 'text',
        purpose: 'text',
        granted: 'boolean',
        source: 'text',
        evidence: 'text',
        actor: 'text',
        occurred_at: 'timestamptz',
      },
      consents,
    );

    // ── deals with their stage history
    const deals: Record<string, any>[] = [];
    const changes: Record<string, unknown>[] = [];
    const activities: Record<string, unknown>[] = [];
    const positions = new Map<string, number>();
    const withCompany = people.filter((p) => p.company_id);
    for (let i = 0; i < 600; i++) {
      const pipeline = r.chance(0.75) ? (s2.chance(0.3) ? keyAccounts : sales) : tenders;
      const open = pipeline.stages.filter((s) => s.kind === 'open');
      const won = pipeline.stages.find((s) => s.kind === 'won')!;
      const lost = pipeline.stages.find((s) => s.kind === 'lost')!;
      const p = r.pick(withCompany);
      const company = companies.find((c) => c.id === p.company_id)!;
      const created = Math.max(Date.parse(p.created_at), start + r.next() * (span - 3 * DAY));
      const amount =
        Math.round(
          ((pipeline === tenders ? 500_000 : pipeline === keyAccounts ? 160_000 : 40_000) * Math.exp(r.next() * 3.5)) /
            1000,
        ) * 1000;
      const owner = r.pick(managers);
      const id = newId();
      // The path: forward through open stages, then won, lost or still open.
      const age = (now - created) / DAY;
      const fate =
        age < 45
          ? r.chance(0.8)
            ? 'open'
            : r.pick(['won', 'lost'])
          : r.pick(['won', 'won', 'won', 'lost', 'lost', 'lost', 'lost', 'open']);
      const reach = fate === 'won' ? open.length : r.int(1, open.length);
      let t = created;
      let stage = open[0];
      changes.push({
        workspace_id: ws,
        id: newId(),
        deal_id: id,
        pipeline_id: pipeline.id,
        from_stage_id: null,
        to_stage_id: stage.id,
        seconds_in_from: null,
        actor: 'demo',
        changed_at: iso(t),
      });
      const path = [...open.slice(1, reach), ...(fate === 'won' ? [won] : fate === 'lost' ? [lost] : [])];
      for (const next of path) {
        const stay = r.int(1, 21) * DAY + r.int(0, DAY);
        if (t + stay > now - DAY) break;
        changes.push({
          workspace_id: ws,
          id: newId(),
          deal_id: id,
          pipeline_id: pipeline.id,
          from_stage_id: stage.id,
          to_stage_id: next.id,
          seconds_in_from: Math.round(stay / 1000),
          actor: 'demo',
          changed_at: iso(t + stay),
        });
        t += stay;
        stage = next;
      }
      const status = stage.kind;
      const pos = (positions.get(stage.id) ?? 0) + 1024;
      positions.set(stage.id, pos);
      const title = `${r.pick(DEAL_WHAT)} — ${company.name}`;
      const source = r.pick(SOURCES);
      const campaign = r.pick(CAMPAIGNS);
      deals.push({
        workspace_id: ws,
        id,
        title,
        pipeline_id: pipeline.id,
        stage_id: stage.id,
        status,
        amount,
        currency: 'RUB',
        probability: null,
        expected_close: status === 'open' ? new Date(now + r.int(5, 90) * DAY).toISOString().slice(0, 10) : null,
        owner_id: owner,
        person_id: p.person_id,
        company_id: company.id,
        source,
        campaign,
        region: company.region,
        close_reason: status === 'won' ? r.pick(WON_REASONS) : status === 'lost' ? r.pick(LOST_REASONS) : null,
        closed_at: status === 'open' ? null : iso(t),
        stage_entered_at: iso(t),
        position: pos,
        tags: [],
        search: searchText({ texts: [title, company.name, source, campaign, company.region] }),
        created_at: iso(created),
        updated_at: iso(t),
      });
      events.push({
        personId: p.person_id,
        type: 'deal',
        event: 'deal.created',
        properties: { dealId: id, title, stage: open[0].name, amount, currency: 'RUB' },
        occurredAt: new Date(created),
      });
      if (status !== 'open')
        events.push({
          personId: p.person_id,
          type: 'deal',
          event: `deal.${status}`,
          properties: {
            dealId: id,
            title,
            toStage: stage.name,
            amount,
            currency: 'RUB',
            closeReason: deals.at(-1)!.close_reason,
          },
          occurredAt: new Date(t),
        });
      // The work on the deal: calls, emails, meetings, visits, notes along its life.
      const n = r.int(3, 9);
      for (let j = 0; j < n; j++) {
        const at = created + ((t - created) * j) / n + r.int(0, DAY / 2);
        if (at > now) break;
        const kind = r.pick(['call', 'call', 'call', 'email', 'meeting', 'visit', 'note'] as const);
        activities.push(
          activity(kind, at, {
            person_id: p.person_id,
            company_id: company.id,
            deal_id: id,
            owner_id: owner,
            subject: null,
          }),
        );
      }
    }
    await bulk(trx, 'crm_deals', DEAL_COLUMNS, deals);
    await bulk(trx, 'crm_deal_stage_changes', CHANGE_COLUMNS, changes);

    function activity(
      kind: string,
      at: number,
      base: {
        person_id: string;
        company_id: string | null;
        deal_id: string | null;
        owner_id: string;
        subject: string | null;
      },
      g = r,
      forceDirection?: 'in' | 'out',
    ) {
      const call = kind === 'call';
      const direction = call
        ? (forceDirection ?? (g.chance(0.65) ? 'out' : 'in'))
        : kind === 'email'
          ? g.pick(['in', 'out', 'out'])
          : null;
      const outcome = call ? g.pick(CALL_OUTCOMES) : null;
      const person = personById.get(base.person_id);
      return {
        workspace_id: ws,
        id: newId(),
        kind,
        ...base,
        subject:
          base.subject ??
          (call
            ? direction === 'out'
              ? 'Исходящий звонок'
              : 'Входящий звонок'
            : kind === 'email'
              ? g.pick([
                  'Коммерческое предложение',
                  'Счёт на оплату',
                  'Re: вопрос по поставке',
                  'Уточнение по спецификации',
                ])
              : kind === 'meeting'
                ? g.pick(['Встреча с ЛПР', 'Демонстрация', 'Онлайн-встреча'])
                : kind === 'visit'
                  ? 'Выезд к клиенту'
                  : null),
        body: kind === 'note' ? g.pick(NOTES) : null,
        assignee_id: null,
        occurred_at: iso(at),
        due_at: null,
        done_at: null,
        direction,
        duration_seconds: call
          ? outcome === 'answered'
            ? g.int(40, 900)
            : 0
          : kind === 'meeting' || kind === 'visit'
            ? g.int(30, 120) * 60
            : null,
        outcome,
        recording_url:
          call && outcome === 'answered' && g.chance(0.5) ? `https://pbx.example.ru/records/${newId()}.mp3` : null,
        script_id:
          call && direction === 'out' && g.chance(0.3) ? scripts[0].id : call && g.chance(0.2) ? scripts[1].id : null,
        phone: call ? (person?.phones[0] ?? null) : null,
        location:
          kind === 'meeting'
            ? g.pick(['Офис клиента', 'Наш офис', 'Zoom'])
            : kind === 'visit'
              ? `${person?.city ?? 'Москва'}, склад клиента`
              : null,
        created_at: iso(at),
        updated_at: iso(at),
      };
    }

    // Contact work outside deals: calls, emails and notes with the people.
    for (let i = 0; activities.length < 4600; i++) {
      const p = people[r.int(0, people.length - 1)];
      const at =
        Math.max(Date.parse(p.created_at), start) + r.next() * (now - Math.max(Date.parse(p.created_at), start));
      activities.push(
        activity(r.pick(['call', 'call', 'email', 'note', 'meeting'] as const), at, {
          person_id: p.person_id,
          company_id: p.company_id,
          deal_id: null,
          owner_id: r.pick(owners),
          subject: null,
        }),
      );
    }
    // Tasks: done in the past, some overdue, today's and upcoming for each manager and operator.
    for (let i = 0; i < 450; i++) {
      const p = people[r.int(0, people.length - 1)];
      const assignee = owners[i % owners.length];
      const known = Date.parse(p.created_at);
      let due =
        i < 300
          ? start + r.next() * (span - 7 * DAY)
          : i < 350
            ? now - r.int(1, 6) * DAY
            : i < 400
              ? now + r.int(-3, 3) * 3600_000
              : now + r.int(1, 20) * DAY;
      // A task about a person comes after the person is known, and was set before now.
      if (i < 300) due = Math.max(due, known + 2 * DAY);
      const done = i < 300 && r.chance(0.95) ? Math.max(known + DAY, due - r.int(0, 2) * DAY) : null;
      const created = Math.min(now - 3600_000, Math.max(known, due - r.int(1, 10) * DAY));
      activities.push({
        workspace_id: ws,
        id: newId(),
        kind: 'task',
        person_id: p.person_id,
        company_id: p.company_id,
        deal_id: null,
        owner_id: assignee,
        assignee_id: assignee,
        subject: r.pick(TASKS),
        body: null,
        occurred_at: iso(created),
        due_at: iso(due),
        done_at: done ? iso(Math.min(done, now)) : null,
        direction: null,
        duration_seconds: null,
        outcome: null,
        recording_url: null,
        script_id: null,
        phone: null,
        location: null,
        created_at: iso(created),
        updated_at: iso(done ?? created),
      });
    }
    // Each activity with a person is on that person's timeline (and a done task once more, when done).
    const onTimelines = (list: Record<string, any>[]) => {
      for (const a of list)
        if (a.person_id) {
          const { workspace_id: _w, person_id: _p, created_at: _c, updated_at: _u, ...props } = a;
          events.push({
            personId: a.person_id,
            type: 'activity',
            event: a.kind,
            properties: { activityId: a.id, ...props },
            occurredAt: new Date(a.occurred_at),
          });
          if (a.kind === 'task' && a.done_at)
            events.push({
              personId: a.person_id,
              type: 'activity',
              event: 'task.done',
              properties: { activityId: a.id, subject: a.subject },
              occurredAt: new Date(a.done_at),
            });
        }
    };
    await bulk(trx, 'crm_activities', ACTIVITY_COLUMNS, activities);
    onTimelines(activities);

    // ── cadences: regular calls and emails to key clients
    const cadences = Array.from({ length: 40 }, (_, i) => {
      const p = people[(i * 37) % people.length];
      return {
        workspace_id: ws,
        id: newId(),
        person_id: p.person_id,
        company_id: p.company_id,
        deal_id: null,
        assignee_id: owners[i % owners.length],
        kind: i % 3 === 0 ? 'email' : 'call',
        subject: i % 3 === 0 ? 'Ежемесячная рассылка прайса' : 'Плановый звонок клиенту',
        interval_days: r.pick([7, 14, 30]),
        next_due_at: iso(now + r.int(-2, 10) * DAY),
        ends_at: null,
        active: true,
      };
    });
    // Today's plan of each sales manager (story 2): cold calls to leads and a visit to a client, due
    // later today (UTC), so the morning agenda shows them as tasks the cadences made.
    const leads = people.filter((p) => p.lifecycle_stage === 'lead' && p.company_id && p.phones.length);
    const clients = people.filter((p) => p.lifecycle_stage === 'customer' && p.company_id);
    const endOfDay = Date.UTC(
      new Date(now).getUTCFullYear(),
      new Date(now).getUTCMonth(),
      new Date(now).getUTCDate() + 1,
    );
    const window = Math.min(4 * 3600_000, endOfDay - now);
    const plan: { kind: 'call' | 'visit'; p: (typeof people)[number] }[] = [];
    managers.forEach((manager, m) => {
      plan.length = 0;
      for (let j = 0; j < 3; j++) plan.push({ kind: 'call', p: leads[s2.int(0, leads.length - 1)] });
      plan.push({ kind: 'visit', p: clients[s2.int(0, clients.length - 1)] });
      plan.forEach(({ kind, p }, j) => {
        const company = companies.find((c) => c.id === p.company_id)!;
        cadences.push({
          workspace_id: ws,
          id: newId(),
          person_id: p.person_id,
          company_id: company.id,
          deal_id: null,
          assignee_id: manager,
          kind,
          subject: kind === 'call' ? `Холодный звонок: ${company.name}` : `Визит: ${company.name}, ${company.city}`,
          interval_days: kind === 'call' ? 7 : 14,
          // Spread over the rest of the day (at most four hours ahead): after now, before midnight UTC.
          next_due_at: iso(now + Math.round(window * (0.2 + (0.75 * (j + 1)) / (plan.length + 1)) + m * 60_000)),
          ends_at: null,
          active: true,
        });
      });
    });
    await bulk(trx, 'crm_cadences', CADENCE_COLUMNS, cadences);

    // ── Story 2 at scale: the other 32 managers of the field team, each with a territory (the rest of
    // the 8,000 companies, over Russia), contacts in most of those companies, deals in the three
    // pipelines over the two years with the work on them, outbound calls this month, tasks and today's
    // plan. Drawn from a stream of its own, after everything above, so that the first three managers'
    // data (which the browser tests walk through) stays exactly as it was.
    const s3 = rng(20261201);
    const team = fieldTeam.length ? fieldTeam : managers;
    const moreCompanies: (Omit<(typeof companies)[number], 'domain' | 'website'> & {
      domain: string | null;
      website: string | null;
    })[] = [];
    const soleTraders = new Map<string, { first: string; last: string; female: boolean }>();
    while (companies.length + moreCompanies.length < DEMO_COMPANIES) {
      const place = s3.pick(FIELD_CITY_BAG);
      let name: string;
      let slug: string | null;
      let industry: string;
      const id = newId();
      if (s3.chance(0.05)) {
        // A sole trader: the company is a person (who is its one contact), usually without a website.
        const female = s3.chance(0.4);
        const first = s3.pick(female ? RU_FEMALE : RU_MALE);
        const last = female ? femaleSurname(s3.pick(FIELD_LAST)) : s3.pick(FIELD_LAST);
        name = `ИП ${last} ${first[0]}. ${s3.pick(['А', 'В', 'Г', 'Д', 'И', 'Н', 'О', 'П', 'С'])}.`;
        if (cores.has(name)) continue;
        soleTraders.set(id, { first, last, female });
        slug = null;
        industry = s3.pick([
          'Оптовая торговля',
          'Розничная торговля',
          'Строительство',
          'Транспорт',
          'Услуги для бизнеса',
        ]);
      } else {
        const made = drawCompanyName(s3, place.region, cores);
        if (!made) continue;
        cores.add(made.core);
        name = made.name;
        slug = made.core
          .split(/[\s-]+/)
          .map(translit)
          .join('-');
        for (let n = 2; domains.has(`${slug}.ru`); n++)
          slug = `${made.core
            .split(/[\s-]+/)
            .map(translit)
            .join('-')}-${n}`;
        industry = made.trade;
      }
      cores.add(name);
      const domain = slug ? `${slug}.ru` : null;
      if (domain) domains.add(domain);
      const created = start + s3.next() * span * 0.7;
      moreCompanies.push({
        workspace_id: ws,
        id,
        name,
        domain,
        industry,
        size: slug ? s3.pick(CO_SIZES) : '1-10',
        phone: `+7${place.code}${s3.int(2 * 10 ** (9 - place.code.length), 10 ** (10 - place.code.length) - 1)}`,
        website: domain && `https://${domain}`,
        city: place.city,
        region: place.region,
        country: 'Россия',
        owner_id: '',
        tags: s3.chance(0.06) ? ['ключевой'] : [],
        search: '',
        created_at: iso(created),
        updated_at: iso(created),
      });
    }
    // Territories: the companies by region and city, cut into one equal run per manager.
    const byPlace = moreCompanies
      .map((c, i) => ({ c, i }))
      .sort((a, b) =>
        a.c.region < b.c.region
          ? -1
          : a.c.region > b.c.region
            ? 1
            : a.c.city < b.c.city
              ? -1
              : a.c.city > b.c.city
                ? 1
                : a.i - b.i,
      );
    for (const [i, { c }] of byPlace.entries()) c.owner_id = team[Math.floor((i * team.length) / byPlace.length)];
    for (const c of moreCompanies)
      c.search = searchText({ texts: [c.name, c.domain, c.industry, c.city], phones: [c.phone] });
    await bulk(trx, 'crm_companies', COMPANY_COLUMNS, moreCompanies);

    // Their contacts: the sole trader herself, and one to three people in over half of the others.
    const morePeople: (typeof people)[number][] = [];
    for (const c of moreCompanies) {
      const stage = s3.pick([
        'lead',
        'lead',
        'lead',
        'prospect',
        'prospect',
        'customer',
        'customer',
        'customer',
        'churned',
      ]);
      const sole = soleTraders.get(c.id);
      const n = sole ? 1 : s3.chance(0.55) ? s3.pick([1, 1, 1, 2, 2, 3]) : 0;
      const names = new Set<string>();
      for (let j = 0; j < n; j++) {
        const female = sole ? sole.female : s3.chance(0.45);
        const first = sole ? sole.first : s3.pick(female ? RU_FEMALE : RU_MALE);
        const last = sole ? sole.last : female ? femaleSurname(s3.pick(FIELD_LAST)) : s3.pick(FIELD_LAST);
        if (names.has(`${first} ${last}`)) continue;
        names.add(`${first} ${last}`);
        let phone: string;
        do phone = `+79${String(s3.int(0, 999999999)).padStart(9, '0')}`;
        while (phones.has(phone) || phone.startsWith('+7900'));
        const local = `${translit(last)}.${translit(first)}`;
        const domain = c.domain ?? s3.pick(MAIL_DOMAINS);
        let email = `${local}@${domain}`;
        for (let k2 = 2; emails.has(email); k2++) email = `${local}${k2}@${domain}`;
        const hasEmail = c.domain ? s3.chance(0.85) : s3.chance(0.5);
        const hasPhone = !hasEmail || s3.chance(0.9);
        if (hasEmail) emails.add(email);
        if (hasPhone) phones.add(phone);
        const created = Math.min(now - DAY, Date.parse(c.created_at) + s3.int(0, 60) * DAY);
        morePeople.push({
          workspace_id: ws,
          person_id: newId(),
          first_name: first,
          last_name: last,
          emails: hasEmail ? [email] : [],
          phones: hasPhone ? [phone] : [],
          company_id: c.id,
          company_name: c.name,
          position: sole
            ? 'Индивидуальный предприниматель'
            : j === 0
              ? s3.pick(FIELD_POSITIONS.slice(2, 7))
              : s3.pick(FIELD_POSITIONS),
          owner_id: c.owner_id,
          lifecycle_stage: stage,
          source: s3.pick(SOURCES),
          city: c.city,
          region: c.region,
          country: 'Россия',
          birthday: s3.chance(0.25)
            ? `${s3.int(1965, 2000)}-${String(s3.int(1, 12)).padStart(2, '0')}-${String(s3.int(1, 28)).padStart(2, '0')}`
            : null,
          tags: s3.chance(0.08) ? [s3.pick(['опт', 'VIP', 'госзаказчик'])] : [],
          search: '',
          created_at: iso(created),
          updated_at: iso(created),
        });
      }
    }
    for (const p of morePeople)
      p.search = searchText({
        texts: [p.first_name, p.last_name, p.company_name, p.position, p.city],
        emails: p.emails,
        phones: p.phones,
      });
    const identitiesOf = (p: (typeof people)[number]) => [
      ...p.emails.map((v) => ({ kind: 'email' as const, value: v })),
      ...p.phones.map((v) => ({ kind: 'phone' as const, value: v })),
    ];
    const taken2 = await k.cdp.directory.resolve(trx, ws, morePeople.flatMap(identitiesOf));
    await k.cdp.directory.create(
      trx,
      ws,
      morePeople.map((p) => ({
        id: p.person_id,
        identities: identitiesOf(p).filter((x) => !taken2.has(`${x.kind}\u0001${x.value}`)),
      })),
    );
    await bulk(trx, 'crm_people', PEOPLE_COLUMNS, morePeople);
    for (const p of morePeople) {
      personById.set(p.person_id, p);
      events.push({
        personId: p.person_id,
        type: 'change',
        event: 'person.created',
        properties: { fields: { firstName: p.first_name, lastName: p.last_name, source: p.source } },
        occurredAt: new Date(p.created_at),
      });
    }

    // Each manager's deals (a few dozen to a hundred and more), with their stage history and the work on them.
    const companyById = new Map(moreCompanies.map((c) => [c.id, c]));
    const contactsOf = new Map<string, (typeof people)[number][]>(team.map((m) => [m, []]));
    for (const p of morePeople) contactsOf.get(p.owner_id)!.push(p);
    const moreDeals: (typeof deals)[number][] = [];
    const moreChanges: typeof changes = [];
    const moreActivities: Record<string, any>[] = [];
    const moreCadences: typeof cadences = [];
    const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
    // The first three managers' own calls went to the PBX above; this month they also dialled out
    // from their desks, so every manager has outbound calls this month whatever today's date.
    const dialled = people.filter((p) => p.phones.length && p.company_id);
    if (fieldTeam.length)
      for (const owner of managers)
        for (let i = s3.int(4, 10); i > 0; i--) {
          const p = s3.pick(dialled);
          moreActivities.push(
            activity(
              'call',
              monthStart + s3.next() * Math.max(0, now - monthStart - 15 * 60_000),
              { person_id: p.person_id, company_id: p.company_id, deal_id: null, owner_id: owner, subject: null },
              s3,
              'out',
            ),
          );
        }
    team.forEach((owner, m) => {
      const mine = contactsOf.get(owner)!;
      if (!mine.length) return;
      const dealCount = s3.int(45, 120);
      for (let i = 0; i < dealCount; i++) {
        const pipeline = s3.chance(0.75) ? (s3.chance(0.3) ? keyAccounts : sales) : tenders;
        const open = pipeline.stages.filter((s) => s.kind === 'open');
        const won = pipeline.stages.find((s) => s.kind === 'won')!;
        const lost = pipeline.stages.find((s) => s.kind === 'lost')!;
        const p = s3.pick(mine);
        const company = companyById.get(p.company_id!)!;
        const created = Math.max(Date.parse(p.created_at), start + s3.next() * (span - 3 * DAY));
        const amount =
          Math.round(
            ((pipeline === tenders ? 500_000 : pipeline === keyAccounts ? 160_000 : 40_000) *
              Math.exp(s3.next() * 3.5)) /
              1000,
          ) * 1000;
        const id = newId();
        const age = (now - created) / DAY;
        const fate =
          age < 45
            ? s3.chance(0.8)
              ? 'open'
              : s3.pick(['won', 'lost'])
            : s3.pick(['won', 'won', 'won', 'lost', 'lost', 'lost', 'lost', 'open']);
        const reach = fate === 'won' ? open.length : s3.int(1, open.length);
        let t = created;
        let stage = open[0];
        moreChanges.push({
          workspace_id: ws,
          id: newId(),
          deal_id: id,
          pipeline_id: pipeline.id,
          from_stage_id: null,
          to_stage_id: stage.id,
          seconds_in_from: null,
          actor: 'demo',
          changed_at: iso(t),
        });
        for (const next of [...open.slice(1, reach), ...(fate === 'won' ? [won] : fate === 'lost' ? [lost] : [])]) {
          const stay = s3.int(1, 21) * DAY + s3.int(0, DAY);
          if (t + stay > now - DAY) break;
          moreChanges.push({
            workspace_id: ws,
            id: newId(),
            deal_id: id,
            pipeline_id: pipeline.id,
            from_stage_id: stage.id,
            to_stage_id: next.id,
            seconds_in_from: Math.round(stay / 1000),
            actor: 'demo',
            changed_at: iso(t + stay),
          });
          t += stay;
          stage = next;
        }
        const status = stage.kind;
        const pos = (positions.get(stage.id) ?? 0) + 1024;
        positions.set(stage.id, pos);
        const title = `${s3.pick(pipeline === tenders ? TENDER_WHAT : DEAL_WHAT)} — ${company.name}`;
        const source = pipeline === tenders ? s3.pick(TENDER_SOURCES) : s3.pick(SOURCES);
        const campaign = pipeline === tenders ? null : s3.pick(CAMPAIGNS);
        const closeReason = status === 'won' ? s3.pick(WON_REASONS) : status === 'lost' ? s3.pick(LOST_REASONS) : null;
        moreDeals.push({
          workspace_id: ws,
          id,
          title,
          pipeline_id: pipeline.id,
          stage_id: stage.id,
          status,
          amount,
          currency: 'RUB',
          probability: null,
          expected_close: status === 'open' ? new Date(now + s3.int(5, 90) * DAY).toISOString().slice(0, 10) : null,
          owner_id: owner,
          person_id: p.person_id,
          company_id: company.id,
          source,
          campaign,
          region: company.region,
          close_reason: closeReason,
          closed_at: status === 'open' ? null : iso(t),
          stage_entered_at: iso(t),
          position: pos,
          tags: [],
          search: searchText({ texts: [title, company.name, source, campaign, company.region] }),
          created_at: iso(created),
          updated_at: iso(t),
        });
        events.push({
          personId: p.person_id,
          type: 'deal',
          event: 'deal.created',
          properties: { dealId: id, title, stage: open[0].name, amount, currency: 'RUB' },
          occurredAt: new Date(created),
        });
        if (status !== 'open')
          events.push({
            personId: p.person_id,
            type: 'deal',
            event: `deal.${status}`,
            properties: { dealId: id, title, toStage: stage.name, amount, currency: 'RUB', closeReason },
            occurredAt: new Date(t),
          });
        const n = s3.int(3, 7);
        for (let j = 0; j < n; j++) {
          const at = created + ((t - created) * j) / n + s3.int(0, DAY / 2);
          if (at > now) break;
          moreActivities.push(
            activity(
              s3.pick(['call', 'call', 'call', 'email', 'meeting', 'visit', 'note'] as const),
              at,
              { person_id: p.person_id, company_id: company.id, deal_id: id, owner_id: owner, subject: null },
              s3,
            ),
          );
        }
      }
      // Prospecting outside deals over the two years: calls, emails, notes, visits.
      for (let i = s3.int(40, 90); i > 0; i--) {
        const p = s3.pick(mine);
        const from = Math.max(Date.parse(p.created_at), start);
        moreActivities.push(
          activity(
            s3.pick(['call', 'call', 'call', 'email', 'note', 'visit'] as const),
            from + s3.next() * (now - from),
            { person_id: p.person_id, company_id: p.company_id, deal_id: null, owner_id: owner, subject: null },
            s3,
          ),
        );
      }
      // This month on the phone: outbound calls (the activity report's column) and some inbound ones.
      const callable = mine.filter((p) => p.phones.length);
      const outCalls = s3.int(15, 45);
      for (let i = 0; i < outCalls + s3.int(3, 12); i++) {
        const p = s3.pick(callable.length ? callable : mine);
        const at = monthStart + s3.next() * Math.max(0, now - monthStart - 15 * 60_000);
        moreActivities.push(
          activity(
            'call',
            at,
            { person_id: p.person_id, company_id: p.company_id, deal_id: null, owner_id: owner, subject: null },
            s3,
            i < outCalls ? 'out' : 'in',
          ),
        );
      }
      // Tasks: done ones in the past, a few overdue, two for later today, some upcoming.
      for (let i = 0; i < 14; i++) {
        const p = s3.pick(mine);
        const known = Date.parse(p.created_at);
        let due =
          i < 8
            ? start + s3.next() * (span - 7 * DAY)
            : i < 10
              ? now - s3.int(1, 6) * DAY
              : i < 12
                ? now + Math.round(window * s3.next() * 0.9)
                : now + s3.int(1, 20) * DAY;
        if (i < 8) due = Math.min(now - DAY, Math.max(due, known + 2 * DAY));
        const done = i < 8 ? Math.max(known, due - s3.int(0, 2) * DAY) : i === 9 && s3.chance(0.3) ? due + DAY : null;
        const created = Math.min(now - 3600_000, Math.max(known, due - s3.int(1, 10) * DAY));
        moreActivities.push({
          workspace_id: ws,
          id: newId(),
          kind: 'task',
          person_id: p.person_id,
          company_id: p.company_id,
          deal_id: null,
          owner_id: owner,
          assignee_id: owner,
          subject: s3.pick(TASKS),
          body: null,
          occurred_at: iso(created),
          due_at: iso(due),
          done_at: done ? iso(Math.min(done, now)) : null,
          direction: null,
          duration_seconds: null,
          outcome: null,
          recording_url: null,
          script_id: null,
          phone: null,
          location: null,
          created_at: iso(created),
          updated_at: iso(done ? Math.min(done, now) : created),
        });
      }
      // Today's plan, as for the first three: three cold calls to leads and a visit to a client.
      const myLeads = mine.filter((p) => p.lifecycle_stage === 'lead' && p.phones.length);
      const myClients = mine.filter((p) => p.lifecycle_stage === 'customer');
      const today: { kind: 'call' | 'visit'; p: (typeof people)[number] }[] = [0, 1, 2].map(() => ({
        kind: 'call',
        p: s3.pick(myLeads.length ? myLeads : mine),
      }));
      today.push({ kind: 'visit', p: s3.pick(myClients.length ? myClients : mine) });
      today.forEach(({ kind, p }, j) => {
        const company = companyById.get(p.company_id!)!;
        moreCadences.push({
          workspace_id: ws,
          id: newId(),
          person_id: p.person_id,
          company_id: company.id,
          deal_id: null,
          assignee_id: owner,
          kind,
          subject: kind === 'call' ? `Холодный звонок: ${company.name}` : `Визит: ${company.name}, ${company.city}`,
          interval_days: kind === 'call' ? 7 : 14,
          next_due_at: iso(
            now + Math.round(window * (0.2 + (0.75 * (j + 1)) / (today.length + 1))) + (managers.length + m) * 1000,
          ),
          ends_at: null,
          active: true,
        });
      });
    });
    // ── This month, whatever today's date (from its first minutes on): every manager opened a few
    // deals and closed a few (won or lost) since the 1st, with the calls and meetings on them, so the
    // reports' default period and the funnel show the month's own figures. A stream of its own, so
    // everything above stays as it was.
    const s4 = rng(20261205);
    const monthSpan = Math.max(60_000, now - monthStart - 10 * 60_000);
    const companyOf = new Map([...companies, ...moreCompanies].map((c) => [c.id, c]));
    const thisMonth = [
      ...managers.map((owner) => ({ owner, pool: withCompany })),
      ...(fieldTeam.length ? team.map((owner) => ({ owner, pool: contactsOf.get(owner)! })) : []),
    ];
    for (const { owner, pool } of thisMonth) {
      if (!pool.length) continue;
      for (let i = s4.int(4, 7); i > 0; i--) {
        const p = s4.pick(pool);
        const company = companyOf.get(p.company_id!)!;
        const known = Date.parse(p.created_at);
        const closing = i % 2 === 0;
        const closeAt = closing ? monthStart + s4.next() * monthSpan : null;
        const created =
          closeAt !== null ? closeAt - s4.int(20, 90) * DAY - s4.int(0, DAY) : monthStart + s4.next() * monthSpan;
        if (created < known || created > now - 60_000) continue;
        const pipeline = s4.chance(0.7) ? (s4.chance(0.3) ? keyAccounts : sales) : tenders;
        const open = pipeline.stages.filter((st) => st.kind === 'open');
        const fate = closeAt === null ? 'open' : s4.chance(0.45) ? 'won' : 'lost';
        const path =
          fate === 'won'
            ? [...open.slice(1), pipeline.stages.find((st) => st.kind === 'won')!]
            : fate === 'lost'
              ? [...open.slice(1, s4.int(1, open.length)), pipeline.stages.find((st) => st.kind === 'lost')!]
              : [];
        const id = newId();
        let stage = open[0];
        let t = created;
        moreChanges.push({
          workspace_id: ws,
          id: newId(),
          deal_id: id,
          pipeline_id: pipeline.id,
          from_stage_id: null,
          to_stage_id: stage.id,
          seconds_in_from: null,
          actor: 'demo',
          changed_at: iso(t),
        });
        path.forEach((next, j) => {
          const at =
            j === path.length - 1
              ? closeAt!
              : created + ((closeAt! - created) * (j + 1)) / path.length - s4.int(0, DAY);
          moreChanges.push({
            workspace_id: ws,
            id: newId(),
            deal_id: id,
            pipeline_id: pipeline.id,
            from_stage_id: stage.id,
            to_stage_id: next.id,
            seconds_in_from: Math.round((at - t) / 1000),
            actor: 'demo',
            changed_at: iso(at),
          });
          t = at;
          stage = next;
        });
        const status = stage.kind;
        const amount =
          Math.round(
            ((pipeline === tenders ? 500_000 : pipeline === keyAccounts ? 160_000 : 40_000) *
              Math.exp(s4.next() * 3.5)) /
              1000,
          ) * 1000;
        const pos = (positions.get(stage.id) ?? 0) + 1024;
        positions.set(stage.id, pos);
        const title = `${s4.pick(pipeline === tenders ? TENDER_WHAT : DEAL_WHAT)} — ${company.name}`;
        const source = pipeline === tenders ? s4.pick(TENDER_SOURCES) : s4.pick(SOURCES);
        const campaign = pipeline === tenders ? null : s4.pick(CAMPAIGNS);
        const closeReason = status === 'won' ? s4.pick(WON_REASONS) : status === 'lost' ? s4.pick(LOST_REASONS) : null;
        moreDeals.push({
          workspace_id: ws,
          id,
          title,
          pipeline_id: pipeline.id,
          stage_id: stage.id,
          status,
          amount,
          currency: 'RUB',
          probability: null,
          expected_close: status === 'open' ? new Date(now + s4.int(10, 90) * DAY).toISOString().slice(0, 10) : null,
          owner_id: owner,
          person_id: p.person_id,
          company_id: company.id,
          source,
          campaign,
          region: company.region,
          close_reason: closeReason,
          closed_at: status === 'open' ? null : iso(t),
          stage_entered_at: iso(t),
          position: pos,
          tags: [],
          search: searchText({ texts: [title, company.name, source, campaign, company.region] }),
          created_at: iso(created),
          updated_at: iso(t),
        });
        events.push({
          personId: p.person_id,
          type: 'deal',
          event: 'deal.created',
          properties: { dealId: id, title, stage: open[0].name, amount, currency: 'RUB' },
          occurredAt: new Date(created),
        });
        if (status !== 'open')
          events.push({
            personId: p.person_id,
            type: 'deal',
            event: `deal.${status}`,
            properties: { dealId: id, title, toStage: stage.name, amount, currency: 'RUB', closeReason },
            occurredAt: new Date(t),
          });
        // The work on it this month: a call or two and, often, a meeting or a visit.
        for (let j = s4.int(1, 3); j > 0; j--) {
          const from = Math.max(created, monthStart);
          const at = from + s4.next() * Math.max(0, (closeAt ?? now - 10 * 60_000) - from);
          moreActivities.push(
            activity(
              s4.pick(['call', 'call', 'meeting', 'visit', 'email'] as const),
              at,
              { person_id: p.person_id, company_id: company.id, deal_id: id, owner_id: owner, subject: null },
              s4,
            ),
          );
        }
      }
    }
    await bulk(trx, 'crm_deals', DEAL_COLUMNS, moreDeals);
    await bulk(trx, 'crm_deal_stage_changes', CHANGE_COLUMNS, moreChanges);
    await bulk(trx, 'crm_activities', ACTIVITY_COLUMNS, moreActivities);
    onTimelines(moreActivities);
    await bulk(trx, 'crm_cadences', CADENCE_COLUMNS, moreCadences);

    for (let i = 0; i < events.length; i += 5000)
      await k.cdp.directory.appendEvents(trx, ws, events.slice(i, i + 5000));
    log(
      `crm: ${companies.length + moreCompanies.length} companies, ${people.length + morePeople.length} people, ${consents.length} consent changes, 3 pipelines, ` +
        `${deals.length + moreDeals.length} deals (${changes.length + moreChanges.length} stage changes) of ${managers.length + (fieldTeam.length ? team.length : 0)} sales managers, ` +
        `${activities.length + moreActivities.length} activities, ${scripts.length} call scripts, ${cadences.length + moreCadences.length} cadences, ${events.length} timeline entries`,
    );
    pbxTargets.push(...people.filter((p) => p.phones.length).map((p) => p.phones[0]));
  });

  // Calls of this month as the office PBX reports them: the same code path as POST /telephony/calls
  // (idempotent on callId, a lead made for an unknown number, the call owned by the operator).
  let pbxCalls = 0;
  if (managerEmails.length && pbxTargets.length) {
    const pbx = systemActor(ws, 'pbx', 'api');
    const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
    for (let i = 0; i < 30; i++) {
      const direction = i % 3 === 2 ? 'in' : 'out';
      // Two calls come from numbers nobody knows yet: each becomes a new lead.
      const customer =
        i === 5 || i === 17 ? `+7383200${String(1000 + i)}` : pbxTargets[s2.int(0, pbxTargets.length - 1)];
      const answered = s2.chance(0.75);
      // The first ten happened this morning, the rest earlier this month.
      const at =
        i < 10 ? now - (i + 1) * 17 * 60_000 : monthStart + s2.next() * Math.max(0, now - monthStart - 3 * 3600_000);
      const callId = `demo-pbx-${String(i + 1).padStart(4, '0')}`;
      await logPbxCall(k, pbx, {
        callId,
        direction,
        from: direction === 'in' ? customer : DEMO_OFFICE_PHONE,
        to: direction === 'in' ? DEMO_OFFICE_PHONE : customer,
        startedAt: new Date(Math.max(at, start)).toISOString(),
        durationSeconds: answered ? s2.int(30, 720) : 0,
        answered,
        recordingUrl: answered ? `https://pbx.example.ru/records/${callId}.mp3` : null,
        operatorEmail: managerEmails[i % managerEmails.length],
      });
      pbxCalls++;
    }
  }
  // Statistics for the tables just filled in bulk. PGlite runs no autovacuum, and a planner that takes
  // 9,000 people for one picks nested loops: the duplicates page's query took 40 s instead of 0.4 s.
  await sql`ANALYZE crm_companies, crm_people, crm_deals, crm_deal_stage_changes, crm_activities, crm_cadences, crm_consents, crm_consent_state, persons, identities`.execute(
    k.db,
  );
  log(
    `crm: ${pbxCalls} calls reported by the office PBX; demo CRM ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
