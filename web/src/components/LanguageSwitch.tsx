import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { applyLanguage, LANGUAGES } from '../i18n/language.ts';
import type { Locale } from '../types.ts';

/** RU | EN. `onChange` lets a logged-in shell also save the choice to the user's profile. */
export function LanguageSwitch({ onChange }: { onChange?: (lang: Locale) => void }) {
  const { i18n, t } = useTranslation();
  return (
    <Button.Group aria-label={t('header.language')} data-testid="lang-switch">
      {LANGUAGES.map((lang) => {
        const active = i18n.language === lang;
        return (
          <Button
            key={lang}
            size="compact-sm"
            variant={active ? 'filled' : 'default'}
            aria-pressed={active}
            data-testid={`lang-${lang}`}
            onClick={() => {
              if (active) return;
              applyLanguage(lang);
              onChange?.(lang);
            }}
          >
            {lang.toUpperCase()}
          </Button>
        );
      })}
    </Button.Group>
  );
}
