import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../../api.ts';
import type { ItemOf } from '../../../api/contract.ts';

type Row = ItemOf<'listPeople'>;
const labelOf = (r: Row) =>
  [r.firstName, r.lastName].filter(Boolean).join(' ') || r.emails[0] || r.phones[0] || `${r.id.slice(0, 8)}…`;

/**
 * A person chosen by a search over GET /people (`q`: name, email, phone — the server matches). The
 * chosen person stays among the options, or the box would go blank after the next search.
 */
export function PersonPicker({
  value,
  onChange,
  ...rest
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value: string | null; onChange: (id: string | null) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const [q] = useDebouncedValue(search, 250);
  const list = useQuery({
    queryKey: ['engage', 'people', q],
    queryFn: () => get<{ data: Row[] }>('/people', { q, limit: 20 }).then((r) => r.data),
    staleTime: 10_000,
  });
  const data = useMemo(() => {
    const opts = (list.data ?? []).map((r) => {
      const label = labelOf(r);
      const email = r.emails[0];
      return { value: r.id, label: email && email !== label ? `${label} · ${email}` : label };
    });
    if (chosen && chosen.value === value && !opts.some((o) => o.value === chosen.value)) opts.unshift(chosen);
    return opts;
  }, [list.data, chosen, value]);
  return (
    <Select
      searchable
      clearable
      placeholder={t('engage.common.choosePerson')}
      data={data}
      value={value}
      onChange={(id, opt) => {
        setChosen(id && opt ? { value: id, label: opt.label } : null);
        onChange(id);
      }}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={list.isFetching ? t('common.loading') : t('common.nothingFound')}
      {...rest}
    />
  );
}
