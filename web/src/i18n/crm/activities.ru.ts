import type en from './activities.en.ts';

/** Тексты CRM (activities), по-русски. */
const activities: typeof en = {
  title: 'activities',
};
export default activities;
