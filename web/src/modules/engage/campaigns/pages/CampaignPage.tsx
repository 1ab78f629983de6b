import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { del, post } from '../../../../api.ts';
import { ConfirmModal } from '../../../../components/ConfirmModal.tsx';
import { IconArrowLeft } from '../../../../components/icons.tsx';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useFormat } from '../../../../format.ts';
import { useSession } from '../../../../session.tsx';
import { useAudiences, useChannels } from '../../api.ts';
import {
  type Campaign,
  CAMPAIGNS_KEY,
  hasResults,
  useCampaign,
  useEstimate,
  usePromotionOptions,
  useResults,
} from '../api.ts';
import { CampaignStatusBadge } from '../components/CampaignStatusBadge.tsx';
import { useStatFormat } from '../components/format.ts';
import { ResultsDashboard } from '../components/ResultsDashboard.tsx';

type Action = 'approve' | 'launch' | 'cancel' | 'finish' | 'delete';

/**
 * /campaigns/:id: the campaign's settings and its state; before launch the audience with the
 * control group (GET /campaigns/{id}/estimate) and approve / launch; after it, the results dashboard.
 */
export function CampaignPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const s = useStatFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const writable = can('engage:write');
  const q = useCampaign(id, true);
  const c = q.data;
  const launched = !!c && hasResults(c);
  const estimate = useEstimate(id, !!c && !launched);
  const results = useResults(id, launched, c?.status === 'running');
  const audiences = useAudiences();
  const channels = useChannels();
  const promotions = usePromotionOptions(can('loyalty:read') && !!c?.promotionId);
  const [confirm, setConfirm] = useState<Action | null>(null);
  const action = useApiMutation({
    mutationFn: (a: Action) => (a === 'delete' ? del(`/campaigns/${id}`) : post<Campaign>(`/campaigns/${id}/${a}`)),
    success: (res, a) =>
      a === 'launch' && (res as Campaign | undefined)?.status === 'scheduled'
        ? t('campaigns.scheduledDone')
        : t(
            a === 'approve'
              ? 'campaigns.approved'
              : a === 'launch'
                ? 'campaigns.launched'
                : a === 'cancel'
                  ? 'campaigns.cancelled'
                  : a === 'finish'
                    ? 'campaigns.finished'
                    : 'campaigns.deleted',
          ),
    invalidate: [CAMPAIGNS_KEY],
    onSuccess: (_, a) => {
      setConfirm(null);
      if (a === 'delete') navigate('/campaigns', { replace: true });
    },
  });

  if (q.isPending) return <PageLoader />;
  if (q.isError || !c) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const segmentName = (sid: string | null) => audiences.data?.find((a) => a.id === sid)?.name ?? '—';
  const channelName = (cid: string) => channels.data?.find((x) => x.id === cid)?.name ?? cid;
  const e = estimate.data;
  const run = (a: Action) => (a === 'approve' || a === 'finish' ? action.mutate(a) : setConfirm(a));

  return (
    <Stack gap="md" data-testid="campaign-page" data-id={c.id} data-status={c.status}>
      <Anchor component={Link} to="/campaigns" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('nav.campaigns')}
        </Group>
      </Anchor>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            <span data-testid="campaign-title">{c.name}</span>
            <CampaignStatusBadge status={c.status} />
          </Group>
        }
        description={c.goal ?? undefined}
        actions={
          writable && (
            <>
              {c.status === 'draft' && (
                <Button variant="default" component={Link} to={`/campaigns/${c.id}/edit`} data-testid="campaign-edit">
                  {t('campaigns.edit')}
                </Button>
              )}
              {c.status === 'draft' && (
                <Button variant="light" onClick={() => run('approve')} data-testid="campaign-approve">
                  {t('campaigns.approve')}
                </Button>
              )}
              {(c.status === 'draft' || c.status === 'approved') && (
                <Button onClick={() => run('launch')} data-testid="campaign-page-launch">
                  {t('campaigns.launch')}
                </Button>
              )}
              {c.status === 'running' && (
                <Button variant="default" onClick={() => run('finish')} data-testid="campaign-finish">
                  {t('campaigns.finish')}
                </Button>
              )}
              {(c.status === 'approved' || c.status === 'scheduled' || c.status === 'running') && (
                <Button variant="subtle" color="red" onClick={() => run('cancel')} data-testid="campaign-cancel">
                  {t('campaigns.cancel')}
                </Button>
              )}
              {c.status === 'draft' && (
                <Button variant="subtle" color="red" onClick={() => run('delete')} data-testid="campaign-delete">
                  {t('campaigns.delete')}
                </Button>
              )}
            </>
          )
        }
      />
      {c.error && (
        <Alert color="red" variant="light" title={t('campaigns.lastError')} data-testid="campaign-error">
          {c.error}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <Fact label={t('campaigns.facts.segment')} value={segmentName(c.segmentId)} to={`/segments/${c.segmentId}`} />
        <Fact
          label={t('campaigns.facts.control')}
          to={c.controlSegmentId ? `/segments/${c.controlSegmentId}` : undefined}
          value={c.controlSegmentId ? segmentName(c.controlSegmentId) : `${s.count(c.controlPercent ?? 0)} %`}
        />
        <Fact
          label={t('campaigns.facts.conversion')}
          value={`${c.conversionEvent} · ${t(`campaigns.fields.windows.${c.attributionWindow as '7d'}`, { defaultValue: c.attributionWindow })}`}
        />
        <Fact
          label={t('campaigns.facts.promotion')}
          value={c.promotionId ? (promotions.data?.find((p) => p.id === c.promotionId)?.name ?? '—') : '—'}
          to={c.promotionId ? `/promotions/${c.promotionId}` : undefined}
        />
        <Fact
          label={t('campaigns.facts.budget')}
          value={
            c.budget === null && c.costPerMessage === null
              ? '—'
              : `${s.money(c.budget) ?? '—'} / ${s.money(c.costPerMessage) ?? '—'}`
          }
        />
        <Fact
          label={t('campaigns.review.waves', { count: c.steps.length })}
          value={c.steps.map((x) => channelName(x.channelId)).join(', ')}
        />
        <Fact label={t('campaigns.facts.approved')} value={f.dateTime(c.approvedAt)} />
        <Fact label={t('campaigns.facts.launched')} value={f.dateTime(c.launchedAt ?? c.startsAt)} />
      </SimpleGrid>
      {!launched ? (
        <Card withBorder padding="md" data-testid="campaign-estimate">
          <Stack gap="sm">
            <Title order={5}>{t('campaigns.estimate.title')}</Title>
            {estimate.isError ? (
              <ErrorState error={estimate.error} onRetry={() => void estimate.refetch()} />
            ) : !e ? (
              <PageLoader />
            ) : (
              <>
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <Count label={t('campaigns.estimate.audience')} value={e.audience} testId="estimate-audience" />
                  <Count label={t('campaigns.estimate.treatment')} value={e.treatment} testId="estimate-treatment" />
                  <Count label={t('campaigns.estimate.control')} value={e.control} testId="estimate-control" />
                </SimpleGrid>
                {c.controlSegmentId && (
                  <Text size="sm" c="dimmed">
                    {t('campaigns.estimate.controlSegmentNote')}
                  </Text>
                )}
                {Object.entries(e.reachable ?? {}).map(([cid, n]) => (
                  <Text key={cid} size="sm" data-testid="estimate-reachable" data-channel={cid} data-value={n}>
                    {t('campaigns.estimate.reachable', { channel: channelName(cid) })}: <b>{s.count(n)}</b>
                  </Text>
                ))}
              </>
            )}
          </Stack>
        </Card>
      ) : results.isError ? (
        <ErrorState error={results.error} onRetry={() => void results.refetch()} />
      ) : results.data ? (
        <ResultsDashboard campaign={c} results={results.data} writable={writable} />
      ) : (
        <PageLoader />
      )}
      <ConfirmModal
        opened={confirm === 'launch' || confirm === 'cancel' || confirm === 'delete'}
        title={t(
          confirm === 'launch'
            ? 'campaigns.launchTitle'
            : confirm === 'delete'
              ? 'campaigns.deleteTitle'
              : 'campaigns.cancelTitle',
          { name: c.name },
        )}
        message={t(
          confirm === 'launch'
            ? 'campaigns.launchText'
            : confirm === 'delete'
              ? 'campaigns.deleteText'
              : 'campaigns.cancelText',
        )}
        confirmLabel={t(
          confirm === 'launch' ? 'campaigns.launch' : confirm === 'delete' ? 'campaigns.delete' : 'campaigns.cancel',
        )}
        danger={confirm !== 'launch'}
        loading={action.isPending}
        onConfirm={() => confirm && action.mutate(confirm)}
        onClose={() => setConfirm(null)}
      />
    </Stack>
  );
}

function Count({ label, value, testId }: { label: string; value: number; testId: string }) {
  const s = useStatFormat();
  return (
    <Card withBorder padding="sm" data-testid={testId} data-value={value}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {s.count(value)}
      </Text>
    </Card>
  );
}

function Fact({ label, value, to }: { label: string; value: string; to?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" truncate="end">
        {label}
      </Text>
      {to && value !== '—' ? (
        <Anchor component={Link} to={to} fw={600} size="sm" truncate="end" display="block">
          {value}
        </Anchor>
      ) : (
        <Text fw={600} size="sm" truncate="end" title={value}>
          {value}
        </Text>
      )}
    </Card>
  );
}
