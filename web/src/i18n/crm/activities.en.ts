/** CRM texts (activities), English. activities.ru.ts has the same keys (typed). */
const activities = {
  title: 'activities',
};
export default activities;
