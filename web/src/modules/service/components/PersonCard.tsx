import { Anchor, Badge, Card, Divider, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, get } from '../../../api.ts';
import type { ResponseOf, Schema } from '../../../api/contract.ts';
import { PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';
import { type Conversation, type Page, SERVICE_KEY } from '../api.ts';
import { StatusBadge } from './Badges.tsx';

export type PersonDetail = Schema<'PersonDetail'>;

/** GET /people/{id}: the CRM record with the CDP profile; null when the person cannot be read. */
export function usePerson(personId: string | undefined) {
  return useQuery({
    queryKey: [...SERVICE_KEY, 'person', personId ?? ''],
    queryFn: async () => {
      try {
        return await get<PersonDetail>(`/people/${personId}`);
      } catch (e) {
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return null;
        throw e;
      }
    },
    enabled: !!personId,
  });
}

/** The service channels a person can be answered on, from their identifiers (the conversation's own first). */
export function reachableChannels(person: PersonDetail | null | undefined, own: string, used: string[]): string[] {
  const out = new Set<string>([own]);
  for (const c of used) if (c !== 'api') out.add(c);
  if (person) {
    if (person.emails.length > 0) out.add('email');
    const kinds = new Set(person.identities.map((i) => i.kind));
    if (kinds.has('email')) out.add('email');
    if (kinds.has('telegram_id')) out.add('telegram');
    if (kinds.has('vk_id')) out.add('vk');
    if (person.phones.length > 0 || kinds.has('phone')) {
      out.add('sms');
      out.add('whatsapp');
    }
  }
  // The API channel has no way back to the client: it is not a reply channel unless it is the conversation's own.
  if (own !== 'api') out.delete('api');
  return [...out];
}

const TRAITS_SHOWN = 6;

/**
 * The person's 360 card beside the conversation: who they are (contacts, a few traits), what they
 * bought (orders, revenue, last order), their bonus balance, segments, open deals and previous
 * tickets — each from the module that owns it (CRM/CDP, loyalty, service), shown to those who may
 * read it.
 */
export function PersonCard({ personId, currentId }: { personId: string; currentId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const person = usePerson(personId);
  const points = useQuery({
    queryKey: [...SERVICE_KEY, 'points', personId],
    queryFn: async () => {
      try {
        return await get<ResponseOf<'getPersonPoints'>>(`/persons/${personId}/points`, { limit: 1 });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    enabled: can('loyalty:read'),
  });
  const deals = useQuery({
    queryKey: [...SERVICE_KEY, 'deals', personId],
    queryFn: () => get<ResponseOf<'listDeals'>>('/deals', { personId, status: 'open', limit: 5 }).then((r) => r.data),
    enabled: can('crm:read'),
  });
  const segments = useQuery({
    queryKey: [...SERVICE_KEY, 'segment-names'],
    queryFn: async () => (await get<{ data: { id: string; name: string }[] }>('/segments')).data,
    enabled: can('cdp:read'),
    staleTime: 60_000,
  });
  const tickets = useQuery({
    queryKey: [...SERVICE_KEY, 'conversations', 'person', personId],
    queryFn: () => get<Page<Conversation>>('/conversations', { personId, limit: 6 }).then((r) => r.data),
  });

  if (person.isPending) return <PageLoader />;
  const p = person.data;
  const ct = p?.computedTraits;
  const traits = Object.entries(p?.traits ?? {})
    .filter(([, v]) => v !== null && v !== '' && typeof v !== 'object')
    .slice(0, TRAITS_SHOWN);
  const segmentNames = (p?.segments ?? [])
    .map((id) => segments.data?.find((s) => s.id === id))
    .filter((s): s is { id: string; name: string } => !!s);
  const previous = (tickets.data ?? []).filter((c) => c.id !== currentId).slice(0, 5);

  return (
    <Card withBorder padding="md" data-testid="person-card">
      <Group justify="space-between" wrap="nowrap" gap="xs" mb={4}>
        <Title order={5} style={{ minWidth: 0, overflowWrap: 'anywhere' }} data-testid="person-card-name">
          {p?.name || p?.emails[0] || p?.phones[0] || t('service.person.anonymous')}
        </Title>
        <Anchor
          component={Link}
          to={`/people/${personId}`}
          size="xs"
          style={{ flexShrink: 0 }}
          data-testid="person-card-open"
        >
          {t('service.person.open')}
        </Anchor>
      </Group>
      {p === null ? (
        <Text size="sm" c="dimmed">
          {t('service.person.unavailable')}
        </Text>
      ) : (
        <Stack gap="sm">
          <Stack gap={2}>
            {[...(p?.emails ?? []), ...(p?.phones ?? [])].map((v) => (
              <Text key={v} size="sm" className="kt-mono" style={{ overflowWrap: 'anywhere' }}>
                {v}
              </Text>
            ))}
            {p?.company && (
              <Text size="sm" c="dimmed">
                {p.company.name}
              </Text>
            )}
          </Stack>
          {ct && (
            <SimpleGrid cols={2} spacing="xs" verticalSpacing={6} data-testid="person-card-money">
              <Fact label={t('service.person.orders')} value={f.number(ct.orderCount, 0)} />
              <Fact label={t('service.person.revenue')} value={f.money(ct.revenue, ct.currency)} />
              <Fact label={t('service.person.lastOrder')} value={ct.lastOrderAt ? f.date(ct.lastOrderAt) : '—'} />
              <Fact
                label={t('service.person.bonus')}
                value={points.data ? f.number(points.data.balance, 0) : '—'}
                testId="person-card-bonus"
              />
            </SimpleGrid>
          )}
          {traits.length > 0 && (
            <>
              <Divider label={t('service.person.traits')} labelPosition="left" />
              <Stack gap={4} data-testid="person-card-traits">
                {traits.map(([k, v]) => (
                  <Group key={k} justify="space-between" gap="xs" wrap="nowrap">
                    <Text component="code" size="xs" c="dimmed" className="kt-mono" style={{ flexShrink: 0 }}>
                      {k}
                    </Text>
                    {/* A trait's value is the person's data as sent (e.g. a bank's `cardStatus: active`), not the app's words. */}
                    <Text size="xs" truncate="end" title={String(v)} style={{ minWidth: 0 }} data-user-content>
                      {String(v)}
                    </Text>
                  </Group>
                ))}
              </Stack>
            </>
          )}
          {can('cdp:read') && (
            <>
              <Divider label={t('service.person.segments')} labelPosition="left" />
              {segmentNames.length === 0 ? (
                <Text size="xs" c="dimmed">
                  {t('service.person.noSegments')}
                </Text>
              ) : (
                <Group gap={4} data-testid="person-card-segments">
                  {segmentNames.map((s) => (
                    <Badge key={s.id} variant="light" size="sm" style={{ maxWidth: '100%' }} title={s.name}>
                      {s.name}
                    </Badge>
                  ))}
                </Group>
              )}
            </>
          )}
          {can('crm:read') && (
            <>
              <Divider label={t('service.person.deals')} labelPosition="left" />
              {(deals.data ?? []).length === 0 ? (
                <Text size="xs" c="dimmed">
                  {t('service.person.noDeals')}
                </Text>
              ) : (
                <Stack gap={4} data-testid="person-card-deals">
                  {(deals.data ?? []).map((d) => (
                    <Group key={d.id} justify="space-between" gap="xs" wrap="nowrap">
                      <Anchor component={Link} to={`/deals/${d.id}`} size="xs" truncate="end" title={d.title}>
                        {d.title}
                      </Anchor>
                      <Text size="xs" style={{ flexShrink: 0 }}>
                        {f.money(d.amount, d.currency)}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              )}
            </>
          )}
          <Divider label={t('service.person.tickets')} labelPosition="left" />
          {previous.length === 0 ? (
            <Text size="xs" c="dimmed">
              {t('service.person.noTickets')}
            </Text>
          ) : (
            <Stack gap={4} data-testid="person-card-tickets">
              {previous.map((c) => (
                <Group key={c.id} justify="space-between" gap="xs" wrap="nowrap">
                  <Anchor
                    component={Link}
                    to={`/inbox/${c.id}`}
                    size="xs"
                    truncate="end"
                    title={c.subject ?? undefined}
                  >
                    #{c.number} {c.subject || t('service.inbox.noSubject')}
                  </Anchor>
                  <StatusBadge status={c.status} />
                </Group>
              ))}
            </Stack>
          )}
        </Stack>
      )}
    </Card>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </div>
  );
}
