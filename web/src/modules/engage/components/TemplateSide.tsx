import { Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../../api.ts';
import { ErrorState } from '../../../components/States.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { useFormat } from '../../../format.ts';
import { type Template, TEMPLATES_KEY, type TemplateVersion, templateChannelOf, useChannels } from '../api.ts';
import { PersonPicker } from './PersonPicker.tsx';

/** GET /templates/{id}/versions, newest first; an older one can be made current again (a new version with its content). */
export function TemplateVersions({ template, canWrite }: { template: Template; canWrite: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({
    queryKey: [...TEMPLATES_KEY, template.id, 'versions', template.version],
    queryFn: () =>
      get<{ data: TemplateVersion[] } | TemplateVersion[]>(`/templates/${template.id}/versions`).then((r) =>
        Array.isArray(r) ? r : r.data,
      ),
  });
  const restore = useApiMutation({
    mutationFn: (v: number) => post<Template>(`/templates/${template.id}/restore/${v}`),
    success: (_, v) => t('engage.templates.restored', { version: v }),
    invalidate: [TEMPLATES_KEY],
  });
  const versions = [...(q.data ?? [])].sort((a, b) => b.version - a.version);
  return (
    <Card withBorder padding="md" data-testid="template-versions">
      <Stack gap="xs">
        <Title order={5}>{t('engage.templates.versions')}</Title>
        {q.isError && <ErrorState error={q.error} />}
        {versions.map((v) => (
          <Group key={v.version} justify="space-between" wrap="nowrap" data-testid={`template-version-${v.version}`}>
            <Stack gap={0}>
              <Text size="sm" fw={500}>
                {t('engage.common.version')} {v.version}
                {v.version === template.version && ` · ${t('engage.templates.current')}`}
              </Text>
              <Text size="xs" c="dimmed">
                {f.dateTime(v.createdAt)}
              </Text>
            </Stack>
            {canWrite && v.version !== template.version && (
              <Button
                size="compact-sm"
                variant="default"
                loading={restore.isPending && restore.variables === v.version}
                onClick={() => restore.mutate(v.version)}
                data-testid={`template-restore-${v.version}`}
              >
                {t('engage.templates.restore')}
              </Button>
            )}
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

/** POST /templates/{id}/test-send: the saved template to one person over a channel of its kind. */
export function TestSend({ template }: { template: Template }) {
  const { t } = useTranslation();
  const channels = useChannels();
  const fitting = (channels.data ?? []).filter((c) => templateChannelOf(c.type) === template.channel);
  const [channelId, setChannelId] = useState<string | null>(null);
  const [personId, setPersonId] = useState<string | null>(null);
  const send = useApiMutation({
    mutationFn: () => post<{ id: string }>(`/templates/${template.id}/test-send`, { channelId, personId }),
    success: t('engage.templates.testSent'),
  });
  return (
    <Card withBorder padding="md" data-testid="template-test-send">
      <Stack gap="xs">
        <Title order={5}>{t('engage.templates.testSend')}</Title>
        <Select
          label={t('engage.templates.testChannel')}
          data={fitting.map((c) => ({ value: c.id, label: c.name }))}
          value={channelId}
          onChange={setChannelId}
          placeholder={fitting.length === 0 ? t('engage.templates.noChannels') : undefined}
          disabled={fitting.length === 0}
          data-testid="test-send-channel"
        />
        <PersonPicker
          label={t('engage.common.person')}
          value={personId}
          onChange={setPersonId}
          data-testid="test-send-person"
        />
        <Button
          w="fit-content"
          disabled={!channelId || !personId}
          loading={send.isPending}
          onClick={() => send.mutate()}
          data-testid="test-send"
        >
          {t('engage.templates.testSendButton')}
        </Button>
      </Stack>
    </Card>
  );
}
