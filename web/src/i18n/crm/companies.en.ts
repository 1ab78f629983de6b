/** CRM texts (companies), English. companies.ru.ts has the same keys (typed). */
const companies = {
  title: 'companies',
};
export default companies;
