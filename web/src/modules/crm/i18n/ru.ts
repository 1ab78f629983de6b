import type en from './en.ts';
import crm_common from './common.ru.ts';
import crm_people from './people.ru.ts';
import crm_companies from './companies.ru.ts';
import crm_deals from './deals.ru.ts';
import crm_activities from './activities.ru.ts';
import crm_imports from './imports.ru.ts';
import crm_reports from './reports.ru.ts';

/** Русские тексты CRM. Ключи те же, что в en.ts: тип не даст пропустить ни одного. */
const ru: typeof en = {
  crm: {
    common: crm_common,
    people: crm_people,
    companies: crm_companies,
    deals: crm_deals,
    activities: crm_activities,
    imports: crm_imports,
    reports: crm_reports,
  },
  nav: {
    people: 'Люди',
    companies: 'Компании',
    deals: 'Сделки',
    agenda: 'Сегодня',
    activities: 'Активности',
    reports: 'Отчёты',
    settings: {
      pipelines: 'Воронки',
      callScripts: 'Скрипты звонков',
      customFields: 'Дополнительные поля',
    },
  },
  dashboard: {
    links: {
      pipelines: 'Воронки продаж и их этапы',
      callScripts: 'Что говорить на звонке, шаг за шагом',
      customFields: 'Дополнительные поля людей, компаний и сделок',
    },
  },
  modules: {
    people: {
      description: 'Единый профиль клиента: анонимный посетитель, лид и покупатель — с одной лентой событий.',
      features: [
        'Один профиль на человека: email, телефон, мессенджеры и визиты на сайт',
        'Лента всех событий, сообщений, сделок и тикетов',
        'Слияние дублей с возможностью отмены',
      ],
    },
    companies: {
      description: 'Организации, к которым относятся ваши клиенты, с их сделками и историей.',
      features: ['Карточки компаний с контактами и сделками', 'Холдинги и ключевые клиенты', 'Импорт из CSV'],
    },
    deals: {
      description: 'Воронки продаж: этапы, суммы, ответственные и прогноз.',
      features: ['Канбан-доска воронки', 'Активности и задачи по каждой сделке', 'Отчёты о конверсии и прогнозе'],
    },
    agenda: {
      description: 'Ваш день: задачи на сегодня и просроченные, регулярные контакты, которые пора сделать.',
      features: [
        'Просроченные и сегодняшние задачи',
        'Задачи по регулярным контактам',
        'Отметка «сделано» в один клик',
      ],
    },
    activities: {
      description: 'Звонки, встречи, выезды, задачи, заметки и письма — со скриптами звонков и регулярными контактами.',
      features: ['Звонок по скрипту', 'Задачи с напоминаниями', 'Регулярный контакт раз в N дней'],
    },
    reports: {
      description:
        'Воронка, объём продаж, активность менеджеров, причины выигрыша и проигрыша, источники выигранных сделок.',
      features: [
        'Воронка с конверсией и временем на этапе',
        'Продажи по периодам, менеджерам и регионам',
        'Активность менеджеров',
      ],
    },
  },
};

export default ru;
