/** CRM texts (people), English. people.ru.ts has the same keys (typed). */
const people = {
  title: 'people',
};
export default people;
