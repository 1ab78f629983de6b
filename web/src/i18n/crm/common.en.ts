/** CRM texts (common), English. common.ru.ts has the same keys (typed). */
const common = {
  title: 'common',
};
export default common;
