/** The feedback feed (web/src/modules/cx/feedback): English texts, merged into the app's dictionary by ../index.ts. */
const en = {
  nav: { feedback: 'Feedback' },
  modules: {
    feedback: {
      description: "Clients' ticket messages, survey comments and mentions in one feed, with their sentiment.",
      features: ['Sentiment of every message', 'Topics and complaints', 'Alerts on a wave of negativity'],
    },
  },
  feedback: {
    title: 'Feedback',
    description:
      'What clients say in their messages to the desk, in survey comments and in public mentions, analysed the same way, newest first.',
    sources: { ticket: 'Ticket', survey: 'Survey', mention: 'Mention' },
    filters: { source: 'Source', sentiment: 'Sentiment', topic: 'Topic' },
    empty: 'No feedback yet',
    emptyHint: "Clients' messages to the desk, survey comments and mentions appear here once analysed.",
    emptyFiltered: 'No feedback matches these filters',
    complaint: 'Complaint',
    open: 'Open',
    profile: 'Profile',
    conversationSentiment: 'Conversation sentiment: {{label}} ({{count}} messages of the client)',
  },
};
export default en;
