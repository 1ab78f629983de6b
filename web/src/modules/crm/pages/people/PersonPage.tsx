import { Alert, Anchor, Badge, Button, Card, Grid, Group, Menu, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, get, post } from '../../../../api.ts';
import type { ResponseOf } from '../../../../api/contract.ts';
import { ComputedTraitsView, identityKindLabel, PrivacyActions, personName, showValue } from '../../../cdp/index.ts';
import { ConfirmModal } from '../../../../components/ConfirmModal.tsx';
import { PersonModulePanels } from '../../../../components/ModulePanels.tsx';
import { ConsentsPanel } from '../../components/ConsentsPanel.tsx';
import { PersonSegments } from '../../components/PersonSegments.tsx';
import { CrmDetails } from '../../components/CrmPersonPanels.tsx';
import { CrmTimeline } from '../../components/CrmTimeline.tsx';
import { ActivityList } from '../../components/ActivityList.tsx';
import { CadenceFormModal } from '../../components/CadenceFormModal.tsx';
import { DealsForPerson } from '../../components/DealsForPerson.tsx';
import { LogActivityButton } from '../../components/LogActivityButton.tsx';
import { MergeWithModal } from '../../components/MergeDialog.tsx';
import {
  CRM_MERGES_KEY,
  CRM_PERSON_KEY,
  DUPLICATES_KEY,
  fetchCrmPerson,
  PEOPLE_KEY,
  type CrmMerge,
} from '../../components/people-api.ts';
import { PersonFormDrawer } from '../../components/PersonFormDrawer.tsx';
import { StageBadge } from '../../components/StageBadge.tsx';
import { IconArrowLeft, IconChevronDown, IconHistory, IconPlus } from '../../../../components/icons.tsx';
import { Empty, ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { ConfirmDelete } from '../../components/DeleteRecord.tsx';
import { useFormat } from '../../../../format.ts';
import { useSession } from '../../../../session.tsx';
import { type Merge, type Page, type Person, type TraitSource } from '../../../../types.ts';

function KeyValues({
  values,
  empty,
  testId,
  sources,
}: {
  values: Record<string, unknown>;
  empty: string;
  testId: string;
  sources?: Record<string, TraitSource>;
}) {
  const { t } = useTranslation();
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid={`${testId}-empty`}>
        {empty}
      </Text>
    );
  // One trait a block: its name (and where it came from) above its value. As a three-column table in a
  // third of the page, names broke mid-word (“firstN ame”) and e-mails wrapped a letter a line.
  return (
    <Stack gap={8} data-testid={testId}>
      {entries.map(([k, v]) => (
        <div key={k} data-testid={`trait-${k}`}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="xs" c="dimmed" className="kt-mono" style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
              {k}
            </Text>
            {sources && (
              <div style={{ flexShrink: 0, maxWidth: '50%' }} data-testid={`trait-source-${k}`}>
                {sources[k] ? (
                  <Tooltip
                    label={t('person.traitSourceTitle', {
                      kind: sources[k].kind
                        ? t(`sources.kinds.${sources[k].kind}`, { defaultValue: sources[k].kind })
                        : '—',
                      origin: sources[k].origin ?? '—',
                      at: sources[k].at ? new Date(sources[k].at!).toLocaleString() : '—',
                    })}
                  >
                    <Text size="xs" c="dimmed" truncate>
                      {sources[k].sourceName ?? t('person.traitSourceDeleted')}
                    </Text>
                  </Tooltip>
                ) : null}
              </div>
            )}
          </Group>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid={`trait-value-${k}`}>
            {showValue(v)}
          </Text>
        </div>
      ))}
    </Stack>
  );
}

function Identities({ person }: { person: Person }) {
  const { t } = useTranslation();
  const groups = new Map<string, string[]>();
  for (const i of person.identities) groups.set(i.kind, [...(groups.get(i.kind) ?? []), i.value]);
  if (groups.size === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('person.noIdentities')}
      </Text>
    );
  return (
    <Stack gap="sm" data-testid="person-identities">
      {[...groups].map(([kind, values]) => (
        <Stack key={kind} gap={4} data-testid={`identity-group-${kind}`}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {identityKindLabel(t, kind)}
          </Text>
          {values.map((v) => (
            <Text
              key={v}
              size="sm"
              className="kt-mono"
              style={{ overflowWrap: 'anywhere' }}
              data-testid="identity-value"
            >
              {v}
            </Text>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}

/** How a merge came about, from the CDP's reason (English, for the log): one label per kind, in the UI's language. */
function mergeHow(reason: string): 'duplicates' | 'oneContact' | 'tracking' | 'other' {
  if (reason.startsWith('crm: merged duplicates')) return 'duplicates';
  if (reason.startsWith('crm: identifiers of one contact')) return 'oneContact';
  if (/^(identify|alias|track|page|screen|group|batch)\b/.test(reason)) return 'tracking';
  return 'other';
}

/**
 * One entry per merge: the CDP merge with the CRM rows that moved with it (a CRM merge records the
 * CDP merge it belongs to), who did it and when, the identifiers that moved, and one undo — the
 * CRM's when the CRM has a part in it (it undoes both), the CDP's otherwise.
 */
function MergeHistory({ personId, crm, onUndone }: { personId: string; crm: boolean; onUndone: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const q = useQuery({
    queryKey: ['merges', personId],
    queryFn: () => get<Page<Merge>>('/merges', { personId, limit: 100 }),
  });
  const crmQ = useQuery({
    queryKey: [...CRM_MERGES_KEY, personId],
    queryFn: () => get<ResponseOf<'listPersonMerges'>>(`/people/${personId}/merges`).then((r) => r.data),
    enabled: crm,
  });
  const [undoing, setUndoing] = useState<{ merge: Merge; crm: CrmMerge | null } | null>(null);
  const undo = useApiMutation({
    mutationFn: (u: { merge: Merge; crm: CrmMerge | null }) =>
      u.crm ? post(`/crm-merges/${u.crm.id}/undo`) : post<Merge>(`/merges/${u.merge.id}/undo`),
    success: () => t('person.undone'),
    invalidate: [
      ['merges', personId],
      CRM_MERGES_KEY,
      CRM_PERSON_KEY,
      PEOPLE_KEY,
      DUPLICATES_KEY,
      ['person'],
      ['timeline'],
    ],
    onSuccess: () => {
      setUndoing(null);
      onUndone();
    },
  });
  const crmByCdp = new Map((crmQ.data ?? []).filter((m) => m.cdpMergeId).map((m) => [m.cdpMergeId!, m]));

  const merges = q.data?.data ?? [];
  return (
    <Card withBorder padding="lg" data-testid="person-merges">
      <Title order={4} mb="sm">
        {t('person.merges')}
      </Title>
      {q.isPending || (crm && crmQ.isPending) ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : merges.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="person-merges-empty">
          {t('person.noMerges')}
        </Text>
      ) : (
        <Stack gap="sm">
          {merges.map((m) => {
            const into = m.intoPerson === personId;
            const other = into ? m.fromPerson : m.intoPerson;
            const cm = crmByCdp.get(m.id) ?? null;
            const undone = m.undoneAt ?? cm?.undoneAt ?? null;
            const mayUndo = into && !undone && (cm ? can('crm:write') : can('cdp:write'));
            const moved = [
              m.eventCount ? t('crm.people.merge.log.moved.events', { count: m.eventCount }) : null,
              ...Object.entries(cm?.moved ?? {})
                .filter(([, n]) => n > 0)
                .map(
                  ([table, n]) =>
                    t(`crm.people.merge.log.moved.${table}` as 'crm.people.merge.log.moved.deals', {
                      count: n,
                      defaultValue: '',
                    }) || null,
                ),
            ].filter(Boolean);
            return (
              <Card
                key={m.id}
                withBorder
                padding="sm"
                radius="md"
                data-testid={`merge-${m.id}`}
                className={undone ? 'kt-row-muted' : undefined}
              >
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Stack gap={4} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500} data-testid="merge-title">
                      {into ? t('crm.people.merge.log.inTitle') : t('crm.people.merge.log.awayTitle')}
                    </Text>
                    <Text size="xs" c="dimmed" data-testid="merge-how">
                      {t(`crm.people.merge.log.how.${mergeHow(m.reason)}`)}
                      {cm?.actor ? ` · ${t('crm.people.merge.log.by', { who: cm.actor })}` : ''} ·{' '}
                      {f.dateTime(m.createdAt)}
                    </Text>
                    <Group gap={6}>
                      <Text size="xs" c="dimmed">
                        {m.identities.length
                          ? t('crm.people.merge.log.identifiers')
                          : t('crm.people.merge.log.noIdentifiers')}
                      </Text>
                      {m.identities.map((i) => (
                        <Badge
                          key={`${i.kind}:${i.value}`}
                          variant="outline"
                          color="gray"
                          tt="none"
                          size="sm"
                          maw="100%"
                          style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}
                        >
                          {identityKindLabel(t, i.kind)}: {i.value}
                        </Badge>
                      ))}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {moved.join(' · ')}
                      {undone && `${moved.length ? ' · ' : ''}${t('person.undoneOn', { date: f.dateTime(undone) })}`}
                    </Text>
                    <Anchor component={Link} to={`/people/${other}`} size="xs" w="fit-content">
                      {t('crm.people.merge.log.openOther')}
                    </Anchor>
                  </Stack>
                  {mayUndo && (
                    <Button
                      size="compact-sm"
                      variant="light"
                      color="red"
                      style={{ flexShrink: 0 }}
                      onClick={() => setUndoing({ merge: m, crm: cm })}
                      data-testid="merge-undo"
                    >
                      {t('person.undo')}
                    </Button>
                  )}
                  {undone && <IconHistory size={16} color="var(--mantine-color-dimmed)" />}
                </Group>
              </Card>
            );
          })}
        </Stack>
      )}
      <ConfirmModal
        opened={!!undoing}
        title={t('person.undoTitle')}
        message={
          undoing
            ? undoing.crm
              ? t('crm.people.merge.undoText')
              : t('person.undoText', {
                  ids:
                    undoing.merge.identities.map((i) => `${identityKindLabel(t, i.kind)} ${i.value}`).join(', ') || '—',
                })
            : ''
        }
        confirmLabel={t('person.undo')}
        loading={undo.isPending}
        onConfirm={() => undoing && undo.mutate(undoing)}
        onClose={() => setUndoing(null)}
      />
    </Card>
  );
}

export function PersonPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { can } = useSession();
  const mergedFrom = (location.state as { mergedFrom?: string } | null)?.mergedFrom;
  const q = useQuery({ queryKey: ['person', id], queryFn: () => get<Person>(`/persons/${id}`) });
  const personId = q.data?.id;
  // The CRM side (fields, consents); a tracked-only profile has none until someone adds it.
  const crmQ = useQuery({
    queryKey: [...CRM_PERSON_KEY, personId],
    queryFn: () => fetchCrmPerson(personId!),
    enabled: !!personId && can('crm:read'),
  });
  const [editing, setEditing] = useState(false);
  const [mergeWith, setMergeWith] = useState(false);
  const [cadence, setCadence] = useState(false);
  const [deleting, setDeleting] = useState(false);
  // An id that was merged away answers with the surviving person: move the URL there.
  useEffect(() => {
    if (q.data && q.data.id !== id) navigate(`/people/${q.data.id}`, { replace: true, state: { mergedFrom: id } });
  }, [q.data, id, navigate]);

  const back = (
    <Anchor component={Link} to="/people" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('person.back')}
      </Group>
    </Anchor>
  );
  if (q.isPending) return <PageLoader />;
  if (q.isError)
    return (
      <Stack>
        {back}
        {q.error instanceof ApiError && q.error.status === 404 ? (
          <Empty testId="person-not-found" title={t('person.notFound')} />
        ) : (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        )}
      </Stack>
    );
  const p = q.data;
  const crm = crmQ.data ?? null;
  const name = crm?.name || personName(p);
  const writable = can('crm:write');
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['person', p.id] });
    void qc.invalidateQueries({ queryKey: ['timeline', p.id] });
    void qc.invalidateQueries({ queryKey: CRM_PERSON_KEY });
    // An undo from the profile's merge history also undoes the CRM merge made with it (server hook).
    void qc.invalidateQueries({ queryKey: CRM_MERGES_KEY });
    void qc.invalidateQueries({ queryKey: DUPLICATES_KEY });
    void qc.invalidateQueries({ queryKey: PEOPLE_KEY });
  };
  const identityValues = (kind: string) => p.identities.filter((i) => i.kind === kind).map((i) => i.value);
  const trait = (k: string) => (typeof p.traits[k] === 'string' ? (p.traits[k] as string) : '');

  return (
    <Stack gap="lg" data-testid="person-page">
      {back}
      <Stack gap={4}>
        <Group gap="sm">
          <Title order={2} data-testid="person-name">
            {name ?? t('person.anonymous')}
          </Title>
          {!name && (
            <Badge variant="light" color="gray">
              {t('person.anonymous')}
            </Badge>
          )}
          {crm && <StageBadge stage={crm.lifecycleStage} size="lg" />}
          {crmQ.isSuccess && !crm && (
            <Badge variant="outline" color="gray" data-testid="person-not-in-crm">
              {t('crm.common.notInCrm')}
            </Badge>
          )}
          <Group gap="xs" ml="auto">
            {crm && writable && (
              <>
                <LogActivityButton personId={p.id} phone={crm.phones[0] ?? null} buttonProps={{ size: 'sm' }} />
                <Button size="sm" variant="default" onClick={() => setEditing(true)} data-testid="person-edit-top">
                  {t('crm.common.edit')}
                </Button>
                <Menu position="bottom-end">
                  <Menu.Target>
                    <Button
                      size="sm"
                      variant="default"
                      rightSection={<IconChevronDown size={14} />}
                      data-testid="person-actions"
                    >
                      {t('crm.people.card.actions')}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => setCadence(true)} data-testid="person-cadence">
                      {t('crm.people.card.cadence')}
                    </Menu.Item>
                    <Menu.Item onClick={() => setMergeWith(true)} data-testid="person-merge-with">
                      {t('crm.people.merge.with')}
                    </Menu.Item>
                    <Menu.Item color="red" onClick={() => setDeleting(true)} data-testid="person-delete">
                      {t('crm.people.card.delete')}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </>
            )}
            {crmQ.isSuccess && !crm && writable && (
              <Button
                size="sm"
                leftSection={<IconPlus size={16} />}
                onClick={() => setEditing(true)}
                data-testid="person-add-to-crm"
              >
                {t('crm.people.card.addToCrm')}
              </Button>
            )}
            <PrivacyActions personId={p.id} />
          </Group>
        </Group>
        {crm && (
          <Group gap="lg" data-testid="person-summary">
            {crm.position && <Text size="sm">{crm.position}</Text>}
            <Text size="sm">
              <Text span c="dimmed" size="sm">
                {t('crm.people.fields.company')}:{' '}
              </Text>
              {crm.company ? (
                <Anchor
                  component={Link}
                  to={`/companies/${crm.company.id}`}
                  size="sm"
                  data-testid="person-company-link"
                >
                  {crm.company.name}
                </Anchor>
              ) : (
                '—'
              )}
            </Text>
            <Text size="sm">
              <Text span c="dimmed" size="sm">
                {t('crm.common.owner')}:{' '}
              </Text>
              <span data-testid="person-owner">{crm.owner?.name ?? '—'}</span>
            </Text>
          </Group>
        )}
        <Text size="sm" c="dimmed">
          {t('person.id')}:{' '}
          <span className="kt-mono" data-testid="person-id">
            {p.id}
          </span>{' '}
          · {t('person.createdAt')} {f.dateTime(p.createdAt)} · {t('person.updatedAt')} {f.dateTime(p.updatedAt)}
        </Text>
      </Stack>
      {mergedFrom && mergedFrom !== p.id && (
        <Alert variant="light" color="blue">
          {t('person.merged')}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            {crm && <CrmDetails person={crm} onEdit={writable ? () => setEditing(true) : undefined} />}
            {crm && <ConsentsPanel personId={p.id} consents={crm.consents ?? []} />}
            <Card withBorder padding="lg">
              <Title order={4} mb="sm">
                {t('person.identities')}
              </Title>
              <Identities person={p} />
            </Card>
            <Card withBorder padding="lg">
              <Title order={4} mb="sm">
                {t('person.traits')}
              </Title>
              <KeyValues
                values={p.traits}
                sources={p.traitSources ?? {}}
                empty={t('person.noTraits')}
                testId="person-traits"
              />
            </Card>
            <Card withBorder padding="lg">
              <Title order={4} mb="sm">
                {t('person.computed')}
              </Title>
              <ComputedTraitsView traits={p.computedTraits} />
            </Card>
            {can('cdp:read') && can('crm:read') && <PersonSegments personId={p.id} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            {crm && (
              <DealsForPerson personId={p.id} personName={[crm.firstName, crm.lastName].filter(Boolean).join(' ')} />
            )}
            <PersonModulePanels personId={p.id} />
            {crm && (
              <Card withBorder padding="md" data-testid="person-activities">
                <Title order={4} mb="sm">
                  {t('crm.activities.title')}
                </Title>
                <ActivityList filter={{ personId: p.id }} showRelated={false} />
              </Card>
            )}
            <CrmTimeline path={`/people/${p.id}/timeline`} queryKey={['timeline', p.id]} />
            <MergeHistory personId={p.id} crm={!!crm} onUndone={refresh} />
          </Stack>
        </Grid.Col>
      </Grid>
      {crmQ.isSuccess && (
        <PersonFormDrawer
          opened={editing}
          person={crm}
          trackedId={crm ? undefined : p.id}
          onClose={() => setEditing(false)}
          onSaved={refresh}
          defaults={
            crm
              ? undefined
              : {
                  firstName: trait('firstName') || trait('first_name') || trait('name').split(' ')[0] || '',
                  lastName:
                    trait('lastName') || trait('last_name') || trait('name').split(' ').slice(1).join(' ') || '',
                  emails: identityValues('email').length ? identityValues('email') : [''],
                  phones: identityValues('phone').length ? identityValues('phone') : [''],
                }
          }
        />
      )}
      {crm && (
        <CadenceFormModal opened={cadence} person={{ id: p.id, name: name ?? '' }} onClose={() => setCadence(false)} />
      )}
      {crm && (
        <MergeWithModal
          person={crm}
          opened={mergeWith}
          onClose={() => setMergeWith(false)}
          onMerged={(s) => navigate(`/people/${s.id}`)}
        />
      )}
      <ConfirmDelete
        entity="people"
        target={deleting ? { id: p.id, name: name ?? '' } : null}
        onClose={() => setDeleting(false)}
        onDeleted={() => navigate('/people', { replace: true })}
        onRestored={(gone) => navigate(`/people/${gone}`)}
      />
    </Stack>
  );
}
