/** The mentions (web/src/modules/cx/mentions): English texts, merged into the app's dictionary by ../index.ts. */
const en = {
  nav: { mentions: 'Mentions' },
  modules: {
    mentions: {
      description: 'What customers say about the brand in feeds, channels and reviews.',
      features: ['Sentiment in Russian and English', 'Key opinion leaders', 'Alerts on a wave of negativity'],
    },
  },
  mentions: {},
};
export default en;
