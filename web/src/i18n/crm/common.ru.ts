import type en from './common.en.ts';

/** Тексты CRM (common), по-русски. */
const common: typeof en = {
  title: 'common',
};
export default common;
