/** The mentions (web/src/modules/cx/mentions): Russian texts, merged into the app's dictionary by ../index.ts. */
const ru = {
  nav: { mentions: 'Упоминания' },
  modules: {
    mentions: {
      description: 'Что клиенты говорят о бренде в лентах, каналах и отзывах.',
      features: ['Тональность на русском и английском', 'Лидеры мнений', 'Оповещения о волне негатива'],
    },
  },
  mentions: {},
};
export default ru;
