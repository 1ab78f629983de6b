import { Anchor, Badge, Button, Card, Group, Select, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { patch, post } from '../../../../api.ts';
import { PageHeader } from '../../../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../../../components/States.tsx';
import { useApiMutation } from '../../../../components/useApiMutation.ts';
import { useSession } from '../../../../session.tsx';
import { SURVEYS_KEY, type Survey, useSegmentOptions, useSurvey, WAVE_CHANNELS } from '../api.ts';
import { bodyOf, SurveyBuilder } from '../components/SurveyBuilder.tsx';
import { SurveyResultsView } from '../components/SurveyResultsView.tsx';
import { STATUS_COLOR } from './SurveysPage.tsx';

/** /surveys/:id: results, the builder, sending (a wave to a segment, a link for one person), status changes. */
export function SurveyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useSession();
  const writable = can('cx:write');
  const q = useSurvey(id);
  const setStatus = useApiMutation({
    mutationFn: (status: string) => patch<Survey>(`/surveys/${id}`, { status }),
    success: t('surveys.saved'),
    invalidate: [[...SURVEYS_KEY]],
  });
  const save = useApiMutation({
    mutationFn: (b: ReturnType<typeof bodyOf>) => patch<Survey>(`/surveys/${id}`, b),
    success: t('surveys.saved'),
    invalidate: [[...SURVEYS_KEY]],
  });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const s = q.data;
  return (
    <>
      <PageHeader
        title={s.name}
        description={
          <Group gap="xs">
            <Anchor component={Link} to="/surveys" size="sm">
              {t('nav.surveys')}
            </Anchor>
            <Badge color={STATUS_COLOR[s.status]} variant="light" data-testid="survey-status">
              {t(`surveys.statuses.${s.status}`)}
            </Badge>
            <Text size="sm" c="dimmed">
              {t(`surveys.types.${s.type}`)}
            </Text>
          </Group>
        }
        actions={
          writable && (
            <Group>
              {s.status !== 'active' && (
                <Button variant="light" onClick={() => setStatus.mutate('active')} loading={setStatus.isPending}>
                  {t('surveys.activate')}
                </Button>
              )}
              {s.status !== 'closed' && (
                <Button variant="default" onClick={() => setStatus.mutate('closed')} loading={setStatus.isPending}>
                  {t('surveys.close')}
                </Button>
              )}
            </Group>
          )
        }
      />
      <Tabs defaultValue="results" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="results">{t('surveys.tabs.results')}</Tabs.Tab>
          <Tabs.Tab value="builder">{t('surveys.tabs.builder')}</Tabs.Tab>
          {writable && <Tabs.Tab value="send">{t('surveys.tabs.send')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="results">
          <SurveyResultsView survey={s} />
        </Tabs.Panel>
        <Tabs.Panel value="builder">
          <SurveyBuilder initial={s} locked saving={save.isPending} onSave={(d) => save.mutate(bodyOf(d))} />
        </Tabs.Panel>
        <Tabs.Panel value="send">
          <SendPanel survey={s} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function SendPanel({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const segments = useSegmentOptions();
  const [channel, setChannel] = useState<string | null>('email');
  const [segmentId, setSegmentId] = useState<string | null>(survey.segmentId);
  const [personId, setPersonId] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const wave = useApiMutation({
    mutationFn: () => post(`/surveys/${survey.id}/send`, { channel, segmentId }),
    success: t('surveys.send.queued'),
    invalidate: [[...SURVEYS_KEY]],
  });
  const makeLink = useApiMutation({
    mutationFn: () => post<{ url: string }>(`/surveys/${survey.id}/links`, { personId: personId.trim() }),
    onSuccess: (r) => setLink(r.url),
  });
  return (
    <Stack>
      <Card withBorder>
        <Text fw={600} mb={4}>
          {t('surveys.send.wave')}
        </Text>
        <Text size="sm" c="dimmed" mb="sm">
          {t('surveys.send.waveText')}
        </Text>
        <Group align="end">
          <Select
            label={t('surveys.send.channel')}
            data={WAVE_CHANNELS.map((c) => ({ value: c, label: t(`surveys.channels.${c}`) }))}
            value={channel}
            onChange={setChannel}
            allowDeselect={false}
            w={180}
          />
          <Select
            label={t('surveys.builder.segment')}
            data={segments.data ?? []}
            value={segmentId}
            onChange={setSegmentId}
            searchable
            w={280}
          />
          <Button
            onClick={() => wave.mutate()}
            loading={wave.isPending}
            disabled={!segmentId || survey.status === 'closed'}
          >
            {t('surveys.send.start')}
          </Button>
        </Group>
      </Card>
      <Card withBorder>
        <Text fw={600} mb={4}>
          {t('surveys.send.link')}
        </Text>
        <Text size="sm" c="dimmed" mb="sm">
          {t('surveys.send.linkText')}
        </Text>
        <Group align="end">
          <TextInput
            label={t('surveys.send.personId')}
            value={personId}
            onChange={(e) => setPersonId(e.currentTarget.value)}
            w={360}
            data-testid="survey-link-person"
          />
          <Button
            variant="light"
            onClick={() => makeLink.mutate()}
            loading={makeLink.isPending}
            disabled={!personId.trim()}
            data-testid="survey-link-make"
          >
            {t('surveys.send.makeLink')}
          </Button>
        </Group>
        {link && (
          <Group mt="sm" gap="xs">
            <Anchor href={link} target="_blank" rel="noreferrer" data-testid="survey-link">
              {link}
            </Anchor>
          </Group>
        )}
      </Card>
    </Stack>
  );
}
