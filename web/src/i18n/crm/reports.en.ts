/** CRM texts (reports), English. reports.ru.ts has the same keys (typed). */
const reports = {
  title: 'reports',
};
export default reports;
