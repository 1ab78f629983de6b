import type { WebModule } from '../types.ts';
import surveysEn from './surveys/i18n/en.ts';
import surveysRu from './surveys/i18n/ru.ts';
import mentionsEn from './mentions/i18n/en.ts';
import mentionsRu from './mentions/i18n/ru.ts';
import feedbackEn from './feedback/i18n/en.ts';
import feedbackRu from './feedback/i18n/ru.ts';
import { surveysNav, surveysRoutes } from './surveys/routes.ts';
import { mentionsNav, mentionsRoutes } from './mentions/routes.ts';
import { feedbackNav, feedbackRoutes } from './feedback/routes.ts';

/** One dictionary from the parts' (each part owns its `nav`, `modules` and own subtree keys). */
const merge = <A extends typeof surveysEn, B extends typeof mentionsEn, C extends typeof feedbackEn>(
  a: A,
  b: B,
  c: C,
) => ({
  ...a,
  ...b,
  ...c,
  nav: { ...a.nav, ...b.nav, ...c.nav },
  modules: { ...a.modules, ...b.modules, ...c.modules },
});
// The module's audit log records (entity types and actions the server writes) and its timeline entries.
const en = {
  ...merge(surveysEn, mentionsEn, feedbackEn),
  audit: {
    entities: {
      survey: 'Survey',
      survey_settings: 'Survey settings',
      mention_source: 'Mention source',
      mention_alert_rule: 'Mention alert rule',
      mention_alert: 'Mention alert',
    },
    actions: { raise: 'Raised' },
  },
  eventTypes: { cx: 'customer experience' },
};
const ru: typeof en = {
  ...merge(surveysRu, mentionsRu, feedbackRu),
  audit: {
    entities: {
      survey: 'Опрос',
      survey_settings: 'Настройки опросов',
      mention_source: 'Источник упоминаний',
      mention_alert_rule: 'Правило оповещений об упоминаниях',
      mention_alert: 'Оповещение об упоминаниях',
    },
    actions: { raise: 'Поднято' },
  },
  eventTypes: { cx: 'клиентский опыт' },
};
const nav = { modules: [...surveysNav, ...mentionsNav, ...feedbackNav] } as const;

/**
 * Customer experience (issue 19), over src/cx: surveys (builder, hosted page, results) and social
 * listening (mentions feed, sources, alerts), the feedback feed of all three sources. Each part keeps
 * its pages, routes and texts in its folder.
 */
export const cx: WebModule<typeof en, typeof nav> = {
  name: 'cx',
  routes: [...surveysRoutes, ...mentionsRoutes, ...feedbackRoutes],
  nav,
  i18n: { en, ru },
};

/** A conversation's overall sentiment badge, for the service inbox's conversation header. */
export { ConversationSentiment } from './feedback/components/ConversationSentiment.tsx';
