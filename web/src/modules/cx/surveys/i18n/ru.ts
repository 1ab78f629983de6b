/** The surveys (web/src/modules/cx/surveys): Russian texts, merged into the app's dictionary by ../index.ts. */
const ru = {
  nav: { surveys: 'Опросы' },
  modules: {
    surveys: {
      description: 'Опросы NPS, CSAT и CES по email, SMS, в мессенджерах и веб-чате.',
      features: [
        'Конструктор опросов с предпросмотром',
        'Ограничение повторных опросов',
        'Критик открывает тикет для владельца',
      ],
    },
  },
  surveys: {},
};
export default ru;
