/**
 * Starts i18next with the composed dictionaries (the shell's and every module's). Imported once, by
 * main.tsx; everything else uses `i18next` itself or ./language.ts, so no component import reaches
 * back to the module list.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.ts';
import { browserLanguage, storedLanguage } from './language.ts';
import ru from './ru.ts';

export { applyLanguage, browserLanguage, currentLanguage, LANGUAGES, storedLanguage, toLocale } from './language.ts';

const initial = storedLanguage() ?? browserLanguage();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ru: { translation: ru } },
  lng: initial,
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes already
});
document.documentElement.lang = initial;

export default i18n;
