import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../types.ts';

export function RoleSelect({
  value,
  onChange,
  ...rest
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value: Role; onChange: (r: Role) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('users.role')}
      data={ROLES.map((r) => ({ value: r, label: `${t(`roles.names.${r}`)} — ${t(`roles.descriptions.${r}`)}` }))}
      value={value}
      onChange={(v) => v && onChange(v as Role)}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      {...rest}
    />
  );
}
