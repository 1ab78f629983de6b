import type en from './companies.en.ts';

/** Тексты CRM (companies), по-русски. */
const companies: typeof en = {
  title: 'companies',
};
export default companies;
