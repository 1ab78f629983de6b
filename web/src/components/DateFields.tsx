import { DateInput, DateTimePicker, type DateInputProps, type DateTimePickerProps } from '@mantine/dates';
import 'dayjs/locale/ru';
import { useTranslation } from 'react-i18next';
import { IconCalendar } from './icons.tsx';

/*
 * Date inputs that read in the UI's language: the browser's own <input type="date"> follows the
 * browser's locale (mm/dd/yyyy in an English Chromium even in the Russian UI). Here Russian shows
 * дд.мм.гггг and English the ISO form; what the form keeps and sends is unchanged: YYYY-MM-DD for a
 * date, and the datetime-local form YYYY-MM-DDTHH:mm (local time) for a moment.
 */

const DATE_FORMAT: Record<string, string> = { ru: 'DD.MM.YYYY', en: 'YYYY-MM-DD' };
const DATE_TIME_FORMAT: Record<string, string> = { ru: 'DD.MM.YYYY HH:mm', en: 'YYYY-MM-DD HH:mm' };

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * What one types into a date box, in either language: 31.12.2026 (also 1.2.2026) or 2026-12-31.
 * Not 12/01/2026, which reads as 1 December or 12 January depending on who types it. Strict: a day
 * that does not exist (31.02) or a partly typed year is no date, so the value does not jump about
 * while typing. Returns YYYY-MM-DD or null.
 */
export function parseTypedDate(text: string): string | null {
  const s = text.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s)))
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (y < 1000 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function useDateLocale() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'ru' ? 'ru' : 'en';
  return { lang, locale: lang };
}

type DateFieldProps = Omit<DateInputProps, 'value' | 'onChange' | 'minDate' | 'maxDate'> & {
  /** YYYY-MM-DD, or '' for none. */
  value: string;
  onChange: (value: string) => void;
  minDate?: string;
  maxDate?: string;
  'data-testid'?: string;
};

/** A day: typed (дд.мм.гггг in Russian) or picked in a calendar; '' when emptied (if clearable). */
export function DateField({ value, onChange, clearable, ...rest }: DateFieldProps) {
  const { t } = useTranslation();
  const { lang, locale } = useDateLocale();
  return (
    <DateInput
      locale={locale}
      firstDayOfWeek={1}
      valueFormat={DATE_FORMAT[lang]}
      placeholder={t('common.datePlaceholder')}
      dateParser={(s) => parseTypedDate(s)}
      value={value || null}
      onChange={(v) => onChange(v ? v.slice(0, 10) : '')}
      clearable={clearable}
      allowDeselect={false}
      leftSection={<IconCalendar size={16} />}
      data-lang={lang}
      {...rest}
    />
  );
}

type DateTimeFieldProps = Omit<DateTimePickerProps, 'value' | 'onChange'> & {
  /** YYYY-MM-DDTHH:mm (local time, as <input type="datetime-local"> had it), or '' for none. */
  value: string;
  onChange: (value: string) => void;
  'data-testid'?: string;
};

/** A moment: a day in a calendar and a 24-hour time, shown as дд.мм.гггг чч:мм in Russian. */
export function DateTimeField({ value, onChange, ...rest }: DateTimeFieldProps) {
  const { lang, locale } = useDateLocale();
  return (
    <DateTimePicker
      locale={locale}
      firstDayOfWeek={1}
      valueFormat={DATE_TIME_FORMAT[lang]}
      value={value ? `${value.slice(0, 16).replace('T', ' ')}:00` : null}
      onChange={(v) => onChange(v ? v.slice(0, 16).replace(' ', 'T') : '')}
      leftSection={<IconCalendar size={16} />}
      data-lang={lang}
      {...rest}
    />
  );
}
