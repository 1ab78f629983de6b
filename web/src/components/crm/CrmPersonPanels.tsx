import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, post } from '../../api.ts';
import { useFormat } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { ConfirmModal } from '../ConfirmModal.tsx';
import { Field } from '../Field.tsx';
import { ErrorState, PageLoader } from '../States.tsx';
import { useApiMutation } from '../useApiMutation.ts';
import { CustomFieldValue } from './CustomFieldInputs.tsx';
import { CRM_MERGES_KEY, CRM_PERSON_KEY, DUPLICATES_KEY, PEOPLE_KEY, useCustomFields, type CrmMerge, type CrmPersonDetail } from './people-api.ts';

/** An e-mail that may wrap after its “@” (a narrow card otherwise broke it a letter before the end). */
const withBreak = (email: string) => {
  const at = email.indexOf('@');
  return at < 0 ? email : (
    <>
      {email.slice(0, at + 1)}
      <wbr />
      {email.slice(at + 1)}
    </>
  );
};

/** The CRM fields of a person, read-only; "Edit" opens the drawer. */
export function CrmDetails({ person: p, onEdit }: { person: CrmPersonDetail; onEdit?: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const fields = useCustomFields('person');
  const address = [p.street, p.city, p.region, p.postalCode, p.country].filter(Boolean).join(', ');
  const custom = fields.data ?? [];
  return (
    <Card withBorder padding="lg" data-testid="person-crm">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('crm.people.card.details')}</Title>
        {onEdit && (
          <Button size="compact-sm" variant="light" onClick={onEdit} data-testid="person-edit">
            {t('crm.common.edit')}
          </Button>
        )}
      </Group>
      <Stack gap="sm">
        <Field label={t('crm.people.fields.emails')}>
          <Stack gap={0} data-testid="person-emails">
            {p.emails.length ? p.emails.map((e) => <Anchor key={e} href={`mailto:${e}`} size="sm" style={{ overflowWrap: 'anywhere' }}>{withBreak(e)}</Anchor>) : '—'}
          </Stack>
        </Field>
        <Field label={t('crm.people.fields.phones')}>
          <Stack gap={0} data-testid="person-phones">
            {p.phones.length ? p.phones.map((x) => <Anchor key={x} href={`tel:${x}`} size="sm" className="kt-mono">{x}</Anchor>) : '—'}
          </Stack>
        </Field>
        <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
          <Field label={t('crm.people.fields.position')}>{p.position ?? '—'}</Field>
          <Field label={t('crm.people.fields.source')}>{p.source ? t(`crm.people.sourceValues.${p.source}`, { defaultValue: p.source }) : '—'}</Field>
          <Field label={t('crm.people.fields.birthday')}>{f.date(p.birthday)}</Field>
          <Field label={t('crm.common.externalId')}>{p.externalId ?? '—'}</Field>
        </SimpleGrid>
        <Field label={t('crm.common.address')}>
          <span data-testid="person-address">{address || '—'}</span>
        </Field>
        <Field label={t('crm.common.tags')}>
          <Group gap={4} data-testid="person-tags">
            {p.tags.length
              ? p.tags.map((x) => (
                  <Badge key={x} variant="outline" tt="none" size="sm">
                    {x}
                  </Badge>
                ))
              : '—'}
          </Group>
        </Field>
        {custom.map((c) => (
          <Field key={c.key} label={c.label}>
            <span data-testid={`person-cf-${c.key}`}>
              <CustomFieldValue field={c} value={p.customFields[c.key]} />
            </span>
          </Field>
        ))}
      </Stack>
    </Card>
  );
}

/** CRM merges of this person (the CRM rows moved along with the profile), each with undo. */
export function CrmMerges({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const q = useQuery({
    queryKey: [...CRM_MERGES_KEY, personId],
    queryFn: () => get<{ data: CrmMerge[] } | CrmMerge[]>(`/people/${personId}/merges`).then((r) => (Array.isArray(r) ? r : r.data)),
  });
  const [undoing, setUndoing] = useState<CrmMerge | null>(null);
  const undo = useApiMutation({
    mutationFn: (m: CrmMerge) => post(`/crm-merges/${m.id}/undo`),
    success: t('crm.people.merge.undone'),
    // The pair is a duplicate again: the duplicates page must not show its list from before the undo.
    invalidate: [CRM_MERGES_KEY, CRM_PERSON_KEY, PEOPLE_KEY, DUPLICATES_KEY, ['person'], ['timeline'], ['merges']],
    onSuccess: () => setUndoing(null),
  });
  const merges = q.data ?? [];
  if (q.isSuccess && merges.length === 0) return null;
  return (
    <Card withBorder padding="lg" data-testid="person-crm-merges">
      <Title order={4} mb="sm">
        {t('crm.people.merge.history')}
      </Title>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Stack gap="xs">
          {merges.map((m) => {
            const other = m.intoPerson === personId ? m.fromPerson : m.intoPerson;
            return (
              <Group key={m.id} justify="space-between" wrap="nowrap" data-testid={`crm-merge-${m.id}`} className={m.undoneAt ? 'kt-row-muted' : undefined}>
                <Stack gap={0}>
                  <Text size="sm">
                    {m.intoPerson === personId ? t('crm.people.merge.mergedIn') : t('crm.people.merge.mergedAway')}{' '}
                    <Anchor component={Link} to={`/people/${other}`} className="kt-mono" size="sm">
                      {other.slice(0, 8)}…
                    </Anchor>
                  </Text>
                  <Text size="xs" c="dimmed">
                    {f.dateTime(m.createdAt)}
                    {m.undoneAt && ` · ${t('crm.people.merge.undoneOn', { date: f.dateTime(m.undoneAt) })}`}
                  </Text>
                </Stack>
                {!m.undoneAt && m.intoPerson === personId && can('crm:write') && (
                  <Button size="compact-sm" variant="light" color="red" onClick={() => setUndoing(m)} data-testid="crm-merge-undo">
                    {t('crm.people.merge.undo')}
                  </Button>
                )}
              </Group>
            );
          })}
        </Stack>
      )}
      <ConfirmModal
        opened={!!undoing}
        title={t('crm.people.merge.undoTitle')}
        message={t('crm.people.merge.undoText')}
        confirmLabel={t('crm.people.merge.undo')}
        loading={undo.isPending}
        onConfirm={() => undoing && undo.mutate(undoing)}
        onClose={() => setUndoing(null)}
      />
    </Card>
  );
}
