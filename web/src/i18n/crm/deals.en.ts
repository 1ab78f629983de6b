/** CRM texts (deals), English. deals.ru.ts has the same keys (typed). */
const deals = {
  title: 'deals',
};
export default deals;
