import type en from './deals.en.ts';

/** Тексты CRM (deals), по-русски. */
const deals: typeof en = {
  title: 'deals',
};
export default deals;
