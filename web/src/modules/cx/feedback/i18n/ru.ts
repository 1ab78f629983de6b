import type en from './en.ts';

/** The feedback feed (web/src/modules/cx/feedback): Russian texts, merged into the app's dictionary by ../index.ts. */
const ru: typeof en = {
  nav: { feedback: 'Отзывы' },
  modules: {
    feedback: {
      description: 'Обращения клиентов, комментарии к опросам и упоминания в одной ленте, с их тональностью.',
      features: ['Тональность каждого сообщения', 'Темы и жалобы', 'Оповещения о волне негатива'],
    },
  },
  feedback: {
    title: 'Отзывы клиентов',
    description:
      'Что клиенты пишут в обращениях, в комментариях к опросам и в публичных упоминаниях: одинаковый анализ, сначала новые.',
    sources: { ticket: 'Обращение', survey: 'Опрос', mention: 'Упоминание' },
    filters: { source: 'Источник', sentiment: 'Тональность', topic: 'Тема' },
    empty: 'Отзывов пока нет',
    emptyHint:
      'Здесь появятся сообщения клиентов в поддержку, комментарии к опросам и упоминания, когда их проанализируют.',
    emptyFiltered: 'Под эти фильтры ничего не подходит',
    complaint: 'Жалоба',
    open: 'Открыть',
    profile: 'Профиль',
    conversationSentiment: 'Тональность обращения: {{label}} (сообщений клиента: {{count}})',
  },
};
export default ru;
