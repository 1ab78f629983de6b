import type en from './imports.en.ts';

/** Тексты CRM (imports), по-русски. */
const imports: typeof en = {
  title: 'imports',
};
export default imports;
