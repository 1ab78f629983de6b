import { Alert, Button, Group, Modal, Radio, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../../api.ts';
import { useFormat } from '../../../format.ts';
import { SearchInput } from '../../../components/SearchInput.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import {
  CRM_MERGES_KEY,
  CRM_PERSON_KEY,
  displayName,
  DUPLICATES_KEY,
  fetchPeople,
  PEOPLE_KEY,
  type CrmPerson,
} from './people-api.ts';

/** Fields the user chooses between; lists (emails, phones, tags) are united by the server. */
const CHOICE_FIELDS = [
  'firstName',
  'lastName',
  'companyId',
  'position',
  'ownerId',
  'lifecycleStage',
  'source',
  'street',
  'city',
  'region',
  'country',
  'postalCode',
  'birthday',
  'externalId',
] as const;
type ChoiceField = (typeof CHOICE_FIELDS)[number];

function shown(p: CrmPerson, k: ChoiceField, t: (k: any) => string, date: (v: string) => string): string {
  if (k === 'companyId') return p.company?.name ?? '—';
  if (k === 'ownerId') return p.owner?.name ?? '—';
  if (k === 'lifecycleStage') return p.lifecycleStage ? t(`crm.people.stages.${p.lifecycleStage}`) : '—';
  if (k === 'birthday') return p.birthday ? date(p.birthday) : '—';
  const v = p[k];
  return v == null || v === '' ? '—' : String(v);
}

/**
 * Merge two people field by field: `keep` survives (its id stays), the other is merged into it;
 * for each field that differs the user picks whose value stays. Undo is in the merge history.
 */
export function MergeDialog({
  a,
  b,
  opened,
  onClose,
  onMerged,
}: {
  a: CrmPerson | null;
  b: CrmPerson | null;
  opened: boolean;
  onClose: () => void;
  onMerged?: (survivor: CrmPerson) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [swap, setSwap] = useState(false);
  const [choice, setChoice] = useState<Partial<Record<ChoiceField, 'this' | 'other'>>>({});
  useEffect(() => {
    if (opened) {
      setSwap(false);
      setChoice({});
    }
  }, [opened, a?.id, b?.id]);
  const keep = swap ? b : a;
  const other = swap ? a : b;
  const merge = useApiMutation({
    mutationFn: () => {
      const fields: Record<string, 'this' | 'other'> = {};
      for (const k of CHOICE_FIELDS)
        if (keep && other && shown(keep, k, t, f.date) !== shown(other, k, t, f.date))
          fields[k] = choice[k] ?? (keep[k] == null || keep[k] === '' ? 'other' : 'this');
      return post<CrmPerson>(`/people/${keep!.id}/merge`, { otherId: other!.id, fields });
    },
    success: t('crm.people.merge.done'),
    invalidate: [PEOPLE_KEY, CRM_PERSON_KEY, DUPLICATES_KEY, CRM_MERGES_KEY, ['person'], ['timeline'], ['merges']],
    onSuccess: (p) => {
      onClose();
      onMerged?.(p);
    },
  });
  if (!keep || !other) return null;
  const diff = CHOICE_FIELDS.filter((k) => shown(keep, k, t, f.date) !== shown(other, k, t, f.date));
  const pick = (k: ChoiceField) => choice[k] ?? (keep[k] == null || keep[k] === '' ? 'other' : 'this');
  const nameOf = (p: CrmPerson) => displayName(p) ?? t('crm.people.noName');

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('crm.people.merge.title')}
      size="xl"
      centered
      data-testid="merge-dialog"
    >
      <Stack>
        <Text size="sm">{t('crm.people.merge.text', { keep: nameOf(keep), other: nameOf(other) })}</Text>
        <Group>
          <Button size="compact-sm" variant="light" onClick={() => setSwap((s) => !s)} data-testid="merge-swap">
            {t('crm.people.merge.swap')}
          </Button>
        </Group>
        <Table verticalSpacing="xs" fz="sm" data-testid="merge-fields">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('crm.people.merge.field')}</Table.Th>
              <Table.Th>{t('crm.people.merge.keeps', { name: nameOf(keep) })}</Table.Th>
              <Table.Th>{t('crm.people.merge.merged', { name: nameOf(other) })}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {diff.map((k) => (
              <Table.Tr key={k} data-testid={`merge-field-${k}`}>
                <Table.Td c="dimmed">{t(`crm.people.fields.${k}`)}</Table.Td>
                {(['this', 'other'] as const).map((side) => (
                  <Table.Td key={side}>
                    <Radio
                      name={`merge-${k}`}
                      checked={pick(k) === side}
                      onChange={() => setChoice((c) => ({ ...c, [k]: side }))}
                      label={shown(side === 'this' ? keep : other, k, t, f.date)}
                      data-testid={`merge-${k}-${side}`}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
            {(['emails', 'phones', 'tags'] as const).map((k) => (
              <Table.Tr key={k}>
                <Table.Td c="dimmed">{t(`crm.people.fields.${k}`)}</Table.Td>
                <Table.Td colSpan={2}>
                  <Text size="sm">{[...new Set([...keep[k], ...other[k]])].join(', ') || '—'}</Text>
                  <Text size="xs" c="dimmed">
                    {t('crm.people.merge.united')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Alert variant="light" color="blue">
          {t('crm.people.merge.moves')}
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('crm.common.cancel')}
          </Button>
          <Button color="orange" loading={merge.isPending} onClick={() => merge.mutate()} data-testid="merge-confirm">
            {t('crm.people.merge.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** "Merge with…": find the other person by name, email or phone, then the field-by-field dialog. */
export function MergeWithModal({
  person,
  opened,
  onClose,
  onMerged,
}: {
  person: CrmPerson;
  opened: boolean;
  onClose: () => void;
  onMerged?: (p: CrmPerson) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [other, setOther] = useState<CrmPerson | null>(null);
  useEffect(() => {
    if (opened) {
      setSearch('');
      setOther(null);
    }
  }, [opened]);
  const res = useQuery({
    queryKey: [...PEOPLE_KEY, 'merge-pick', q],
    queryFn: () => fetchPeople({ q, limit: '10' }),
    enabled: opened && q.trim().length > 1,
  });
  const candidates = (res.data?.data ?? []).filter((p) => p.id !== person.id);
  return (
    <>
      <Modal opened={opened && !other} onClose={onClose} title={t('crm.people.merge.withTitle')} size="lg" centered>
        <Stack>
          <SearchInput
            placeholder={t('crm.people.searchPlaceholder')}
            value={search}
            onChange={setSearch}
            data-autofocus
            data-testid="merge-search"
          />
          {candidates.map((p) => (
            <Group key={p.id} justify="space-between" wrap="nowrap" data-testid="merge-candidate">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" fw={500} truncate>
                  {displayName(p) ?? t('crm.people.noName')}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {[...p.emails, ...p.phones, p.company?.name].filter(Boolean).join(' · ')}
                </Text>
              </Stack>
              <Button size="compact-sm" variant="light" onClick={() => setOther(p)}>
                {t('crm.people.merge.choose')}
              </Button>
            </Group>
          ))}
          {q.trim().length > 1 && res.isSuccess && candidates.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('crm.people.emptyFiltered')}
            </Text>
          )}
        </Stack>
      </Modal>
      <MergeDialog a={person} b={other} opened={opened && !!other} onClose={onClose} onMerged={onMerged} />
    </>
  );
}
