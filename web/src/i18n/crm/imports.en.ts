/** CRM texts (imports), English. imports.ru.ts has the same keys (typed). */
const imports = {
  title: 'imports',
};
export default imports;
