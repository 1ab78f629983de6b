import type en from './reports.en.ts';

/** Тексты CRM (reports), по-русски. */
const reports: typeof en = {
  title: 'reports',
};
export default reports;
