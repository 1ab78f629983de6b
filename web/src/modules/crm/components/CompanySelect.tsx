import { Select, type MantineSize } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get } from '../../../api.ts';
import type { Page } from '../../../types.ts';
import { COMPANIES_KEY, type Company, type Ref } from './people-api.ts';

/** Picks a company by typing part of its name (searched on the server, so any number of companies works). */
export function CompanySelect({
  value,
  current,
  onChange,
  label,
  placeholder,
  error,
  testId,
  w,
  size,
}: {
  value: string | null;
  /** The selected company's name, so it shows before any search. */
  current?: Ref | null;
  onChange: (id: string | null, company: Ref | null) => void;
  label?: string;
  placeholder?: string;
  error?: string;
  testId?: string;
  w?: number | string;
  /** To match the inputs beside it (the people list's filters are xs). */
  size?: MantineSize;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const res = useQuery({
    queryKey: [...COMPANIES_KEY, 'pick', q],
    queryFn: () => get<Page<Company>>('/companies', { q: q || undefined, limit: 20, sort: 'name', order: 'asc' }),
  });
  const [picked, setPicked] = useState<Ref | null>(current ?? null);
  const options = new Map<string, string>();
  const known = picked && picked.id === value ? picked : current && current.id === value ? current : null;
  // A value from elsewhere (a link's ?companyId=, a saved view) comes without its name: ask for the
  // company, or the box looks as if no company were chosen (it is not among the first 20 by name).
  const listed = !!value && (res.data?.data ?? []).some((c) => c.id === value);
  const named = useQuery({
    queryKey: [...COMPANIES_KEY, 'name', value],
    queryFn: () => get<Company>(`/companies/${value}`),
    enabled: !!value && !known && !listed,
    staleTime: 60_000,
    retry: false,
  });
  if (known) options.set(known.id, known.name);
  else if (value && named.data?.id === value) options.set(value, named.data.name);
  for (const c of res.data?.data ?? []) options.set(c.id, c.name);
  return (
    <Select
      label={label}
      placeholder={placeholder}
      error={error}
      searchable
      clearable
      w={w}
      size={size}
      data={[...options].map(([id, name]) => ({ value: id, label: name }))}
      value={value}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={(id) => {
        const ref = id ? { id, name: options.get(id) ?? '' } : null;
        setPicked(ref);
        onChange(id, ref);
      }}
      nothingFoundMessage="—"
      data-testid={testId}
    />
  );
}
