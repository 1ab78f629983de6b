import { CloseButton, TextInput, type TextInputProps } from '@mantine/core';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { IconSearch } from './icons.tsx';

type Props = Omit<TextInputProps, 'value' | 'onChange' | 'leftSection' | 'rightSection'> & {
  value: string;
  onChange: (value: string) => void;
  'data-testid'?: string;
};

/**
 * The search box of lists and pickers: a magnifier, the text, and a × that empties it (Escape too)
 * and keeps the focus in the box so that one can type the next query at once. It is controlled;
 * the caller debounces what it sends to the API (useDebouncedValue), since some keep it in the URL.
 */
export function SearchInput({ value, onChange, placeholder, onKeyDown, ...rest }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLInputElement>(null);
  const clear = () => {
    onChange('');
    ref.current?.focus();
  };
  return (
    <TextInput
      ref={ref}
      aria-label={typeof placeholder === 'string' ? placeholder : t('common.search')}
      placeholder={placeholder ?? t('common.search')}
      leftSection={<IconSearch size={16} />}
      rightSection={
        value ? (
          <CloseButton size="sm" onClick={clear} aria-label={t('common.clearSearch')} data-testid="search-clear" />
        ) : null
      }
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && value) {
          // Inside a modal Escape would also close it; emptying the box is the nearer meaning.
          e.stopPropagation();
          clear();
        }
        onKeyDown?.(e);
      }}
      {...rest}
    />
  );
}
