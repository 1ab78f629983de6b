import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../../api.ts';
import type { ItemOf } from '../../../api/contract.ts';
import { useMembers } from './sales-api.ts';
import type { Ref } from './sales-types.ts';

type Common = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'>;

/** A row of the list a picker searches: GET /people, /companies or /deals. */
type SearchRow = ItemOf<'listPeople'> | ItemOf<'listCompanies'> | ItemOf<'listDeals'>;

const labelOf = (r: SearchRow) =>
  ('title' in r ? r.title : r.name) ||
  ('emails' in r ? [r.firstName, r.lastName].filter(Boolean).join(' ') || r.emails[0] || r.phones[0] : '') ||
  r.id.slice(0, 8);

/**
 * A searchable select over an API list (`?q=`): the server does the matching (Cyrillic, ё/е,
 * phones in any format), so the options are shown as they come. The chosen record stays in the
 * options, or the input would go blank after the next search.
 */
function RemotePicker({
  path,
  value,
  initial,
  onChange,
  ...rest
}: Common & {
  path: string;
  value: string | null;
  initial?: Ref | null;
  onChange: (id: string | null, ref: Ref | null) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Ref | null>(initial ?? null);
  const [q] = useDebouncedValue(search, 250);
  const list = useQuery({
    queryKey: ['crm', 'pick', path, q],
    queryFn: () => get<{ data: SearchRow[] }>(path, { q, limit: 20 }).then((r) => r.data),
    staleTime: 10_000,
  });
  const data = useMemo(() => {
    const opts = (list.data ?? []).map((r) => ({ value: r.id, label: labelOf(r) }));
    const keep = chosen && chosen.id === value ? chosen : initial && initial.id === value ? initial : null;
    if (keep && !opts.some((o) => o.value === keep.id)) opts.unshift({ value: keep.id, label: keep.name });
    return opts;
  }, [list.data, chosen, initial, value]);
  return (
    <Select
      searchable
      clearable
      data={data}
      value={value}
      onChange={(id, opt) => {
        const ref = id && opt ? { id, name: opt.label } : null;
        setChosen(ref);
        onChange(id, ref);
      }}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={list.isFetching ? t('common.loading') : t('common.nothingFound')}
      {...rest}
    />
  );
}

export function PersonPicker(
  props: Common & {
    value: string | null;
    initial?: Ref | null;
    onChange: (id: string | null, ref: Ref | null) => void;
  },
) {
  const { t } = useTranslation();
  return (
    <RemotePicker
      path="/people"
      label={t('crm.deals.fields.person')}
      placeholder={t('crm.deals.pickers.searchPerson')}
      {...props}
    />
  );
}

export function CompanyPicker(
  props: Common & {
    value: string | null;
    initial?: Ref | null;
    onChange: (id: string | null, ref: Ref | null) => void;
  },
) {
  const { t } = useTranslation();
  return (
    <RemotePicker
      path="/companies"
      label={t('crm.deals.fields.company')}
      placeholder={t('crm.deals.pickers.searchCompany')}
      {...props}
    />
  );
}

export function DealPicker(
  props: Common & {
    value: string | null;
    initial?: Ref | null;
    onChange: (id: string | null, ref: Ref | null) => void;
  },
) {
  const { t } = useTranslation();
  return (
    <RemotePicker
      path="/deals"
      label={t('crm.deals.fields.deal')}
      placeholder={t('crm.deals.pickers.searchDeal')}
      {...props}
    />
  );
}

/** Workspace members (owners, assignees). */
export function MemberSelect({
  value,
  onChange,
  ...rest
}: Common & { value: string | null; onChange: (id: string | null) => void }) {
  const members = useMembers();
  const data = useMemo(
    () => (members.data ?? []).map((m) => ({ value: m.id, label: m.name || m.email })),
    [members.data],
  );
  return <Select searchable clearable data={data} value={value} onChange={(v) => onChange(v)} {...rest} />;
}
