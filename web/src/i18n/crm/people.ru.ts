import type en from './people.en.ts';

/** Тексты CRM (people), по-русски. */
const people: typeof en = {
  title: 'people',
};
export default people;
