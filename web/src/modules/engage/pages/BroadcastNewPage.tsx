import { Alert, Anchor, Button, Card, Group, Radio, Select, Stack, Stepper, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, post } from '../../../api.ts';
import { DateTimeField } from '../../../components/DateFields.tsx';
import { IconArrowLeft } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { useFormat } from '../../../format.ts';
import { fieldErrorsOf } from '../../../forms.ts';
import {
  BROADCASTS_KEY,
  type Broadcast,
  templateChannelOf,
  useAudiences,
  useChannels,
  useTemplate,
  useTemplates,
} from '../api.ts';
import { TemplatePreview } from '../components/TemplatePreview.tsx';

const STEPS = ['audience', 'channel', 'template', 'schedule', 'confirm'] as const;

/**
 * /messaging/broadcasts/new: audience (a segment or a list, with its size) → channel → template,
 * previewed → now or at a time → confirm; then POST /broadcasts and POST /broadcasts/{id}/send.
 */
export function BroadcastNewPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const audiences = useAudiences();
  const channels = useChannels();
  const templates = useTemplates();
  const [step, setStep] = useState(0);
  const [name, setName] = useState('');
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [channelId, setChannelId] = useState<string | null>(null);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [when, setWhen] = useState<'now' | 'at'>('now');
  const [at, setAt] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const segment = audiences.data?.find((s) => s.id === segmentId);
  const channel = channels.data?.find((c) => c.id === channelId);
  const fitting = (templates.data ?? []).filter((x) => channel && x.channel === templateChannelOf(channel.type));
  const template = fitting.find((x) => x.id === templateId);
  const full = useTemplate(templateId ?? undefined);
  const atIso = when === 'at' && at ? new Date(at).toISOString() : null;

  const ready = [!!name.trim() && !!segment, !!channel, !!template, when === 'now' || !!atIso, true] as const;

  const send = useApiMutation({
    mutationFn: async () => {
      const b = await post<Broadcast>('/broadcasts', {
        name: name.trim(),
        segmentId,
        channelId,
        templateId,
      });
      await post(`/broadcasts/${b.id}/send`, atIso ? { at: atIso } : {});
      return b;
    },
    success: (b) =>
      t(atIso ? 'engage.broadcasts.scheduled' : 'engage.broadcasts.started', { name: b.name ?? name.trim() }),
    invalidate: [BROADCASTS_KEY],
    onSuccess: (b) => navigate(`/messaging/broadcasts/${b.id}`),
  });
  const submit = () => {
    setErrors({});
    send.mutate(undefined, { onError: (e) => e instanceof ApiError && setErrors(fieldErrorsOf(e)) });
  };
  const errorList = Object.entries(errors);

  return (
    <Stack gap="md" data-testid="broadcast-new-page">
      <Anchor component={Link} to="/messaging/broadcasts" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('engage.tabs.broadcasts')}
        </Group>
      </Anchor>
      <PageHeader title={t('engage.broadcasts.create')} description={t('engage.broadcasts.intro')} />
      <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} size="sm" data-testid="broadcast-steps">
        {STEPS.map((s) => (
          <Stepper.Step key={s} label={t(`engage.broadcasts.${s}`)} />
        ))}
      </Stepper>
      <Card withBorder padding="md">
        {step === 0 && (
          <Stack gap="sm">
            <TextInput
              label={t('engage.broadcasts.name')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              maxLength={200}
              error={errors.name}
              data-testid="broadcast-name"
            />
            {audiences.data && audiences.data.length === 0 ? (
              <Alert color="yellow" variant="light">
                {t('engage.broadcasts.noSegments')}
              </Alert>
            ) : (
              <Select
                label={t('engage.broadcasts.segment')}
                searchable
                data={(audiences.data ?? []).map((s) => ({
                  value: s.id,
                  label: `${s.name} · ${t('engage.broadcasts.people', { count: s.size })}`,
                }))}
                value={segmentId}
                onChange={setSegmentId}
                error={errors.segmentId}
                data-testid="broadcast-segment"
              />
            )}
            {segment && (
              <Text size="sm" data-testid="broadcast-segment-size" data-size={segment.size}>
                {t(`segmentation.kinds.${segment.kind}`)} · {t('engage.broadcasts.people', { count: segment.size })}
              </Text>
            )}
          </Stack>
        )}
        {step === 1 &&
          (channels.data && channels.data.length === 0 ? (
            <Alert color="yellow" variant="light">
              {t('engage.broadcasts.noChannels')}
            </Alert>
          ) : (
            <Select
              label={t('engage.common.channel')}
              data={(channels.data ?? []).map((c) => ({
                value: c.id,
                label: `${c.name} · ${t(`engage.channelTypes.${c.type}`)}`,
              }))}
              value={channelId}
              onChange={(v) => {
                setChannelId(v);
                setTemplateId(null);
              }}
              error={errors.channelId}
              data-testid="broadcast-channel"
            />
          ))}
        {step === 2 && (
          <Stack gap="sm">
            {fitting.length === 0 ? (
              <Alert color="yellow" variant="light">
                {t('engage.broadcasts.noTemplates')}
              </Alert>
            ) : (
              <Select
                label={t('engage.broadcasts.template')}
                searchable
                data={fitting.map((x) => ({ value: x.id, label: x.name }))}
                value={templateId}
                onChange={setTemplateId}
                error={errors.templateId}
                data-testid="broadcast-template"
              />
            )}
            {template && <TemplatePreview template={full.data} dirty={false} />}
          </Stack>
        )}
        {step === 3 && (
          <Stack gap="sm">
            <Radio.Group value={when} onChange={(v) => setWhen(v as 'now' | 'at')} data-testid="broadcast-when">
              <Group gap="lg">
                <Radio value="now" label={t('engage.broadcasts.now')} data-testid="broadcast-when-now" />
                <Radio value="at" label={t('engage.broadcasts.at')} data-testid="broadcast-when-at" />
              </Group>
            </Radio.Group>
            {when === 'at' && (
              <DateTimeField
                label={t('engage.broadcasts.sendAt')}
                value={at}
                onChange={setAt}
                w={280}
                data-testid="broadcast-at"
              />
            )}
          </Stack>
        )}
        {step === 4 && segment && channel && template && (
          <Stack gap="sm" data-testid="broadcast-summary">
            <Text fw={600}>{name}</Text>
            <Text size="sm">
              {t('engage.broadcasts.summary', {
                template: template.name,
                channel: channel.name,
                count: segment.size,
                segment: segment.name,
              })}
            </Text>
            <Text size="sm">
              {atIso ? t('engage.broadcasts.summaryAt', { at: f.dateTime(atIso) }) : t('engage.broadcasts.summaryNow')}
            </Text>
            {errorList.length > 0 && (
              <Alert color="red" variant="light" data-testid="broadcast-errors">
                {errorList.map(([k, v]) => `${k}: ${v}`).join('; ')}
              </Alert>
            )}
          </Stack>
        )}
      </Card>
      <Group justify="space-between">
        <Button variant="default" disabled={step === 0} onClick={() => setStep(step - 1)} data-testid="broadcast-prev">
          {t('engage.broadcasts.prev')}
        </Button>
        {step < STEPS.length - 1 ? (
          <Button disabled={!ready[step]} onClick={() => setStep(step + 1)} data-testid="broadcast-next">
            {t('engage.broadcasts.next')}
          </Button>
        ) : (
          <Button loading={send.isPending} onClick={submit} data-testid="broadcast-send">
            {atIso ? t('engage.broadcasts.scheduleButton') : t('engage.broadcasts.send')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
