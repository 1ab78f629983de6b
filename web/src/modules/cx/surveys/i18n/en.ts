/** The surveys (web/src/modules/cx/surveys): English texts, merged into the app's dictionary by ../index.ts. */
const en = {
  nav: { surveys: 'Surveys' },
  modules: {
    surveys: {
      description: 'NPS, CSAT and CES surveys by email, SMS, messengers and the web chat.',
      features: [
        'Survey builder with preview',
        'Re-contact limits across all surveys',
        'A detractor opens a follow-up ticket',
      ],
    },
  },
  surveys: {},
};
export default en;
