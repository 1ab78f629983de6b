import {
  Alert,
  Button,
  Checkbox,
  Drawer,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, patch, post } from '../../../api.ts';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { fieldErrorsOf } from '../../../forms.ts';
import { errorMessage, notifyError } from '../../../notify.ts';
import { CHANNEL_TYPES, CHANNELS_KEY, type Channel, type ChannelType } from '../api.ts';
import { CHANNEL_FIELDS, configToSend, type FieldDef, initialConfig } from './channel-fields.ts';

/**
 * Adds or edits a channel: the type's fields (secrets write-only), its throughput, and — once it is
 * saved — "Test connection", which shows the provider's answer in place. A new channel, once
 * created, stays open as the saved one so that it can be tested at once.
 */
export function ChannelDrawer({
  channel,
  opened,
  onClose,
  canWrite,
}: {
  channel: Channel | null;
  opened: boolean;
  onClose: () => void;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="lg"
      title={channel ? t('engage.channels.editTitle', { name: channel.name }) : t('engage.channels.newTitle')}
      data-testid="channel-drawer"
    >
      {opened && <ChannelForm key={channel?.id ?? 'new'} channel={channel} canWrite={canWrite} />}
    </Drawer>
  );
}

function ChannelForm({ channel: initial, canWrite }: { channel: Channel | null; canWrite: boolean }) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<Channel | null>(initial);
  const [type, setType] = useState<ChannelType>(initial?.type ?? 'email');
  const [name, setName] = useState(initial?.name ?? '');
  const [config, setConfig] = useState<Record<string, unknown>>(() => initialConfig(type, initial?.config));
  const [rate, setRate] = useState<number | ''>(initial?.ratePerSecond ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [test, setTest] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (key: string, v: unknown) => setConfig((c) => ({ ...c, [key]: v }));

  const save = useApiMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        config: configToSend(type, config),
        ratePerSecond: rate === '' ? null : rate,
      };
      return channel ? patch<Channel>(`/channels/${channel.id}`, body) : post<Channel>('/channels', { type, ...body });
    },
    success: (c) => t(channel ? 'engage.channels.saved' : 'engage.channels.created', { name: c.name ?? name }),
    invalidate: [CHANNELS_KEY],
    onSuccess: (c) => {
      // The answer of a create may be only `{ id }`: the form keeps what was typed.
      setChannel({
        id: c.id,
        type,
        name: c.name ?? name.trim(),
        config: c.config ?? configToSend(type, config),
        secretsSet: c.secretsSet ?? [],
        ratePerSecond: c.ratePerSecond ?? null,
        createdAt: c.createdAt ?? '',
        updatedAt: c.updatedAt ?? '',
      });
      setConfig((cur) => ({ ...cur, ...secretsCleared(type) }));
      setTest(null);
    },
  });
  const submit = () => {
    setErrors({});
    save.mutate(undefined, { onError: (e) => e instanceof ApiError && setErrors(fieldErrorsOf(e)) });
  };
  const testConnection = useApiMutation({
    mutationFn: () => post<{ ok: boolean; reason?: string }>(`/channels/${channel!.id}/test`),
    onSuccess: (r) =>
      setTest(
        r.ok === false
          ? { ok: false, text: t('engage.channels.testFailed', { reason: r.reason ?? '' }) }
          : { ok: true, text: t('engage.channels.testOk') },
      ),
  });
  const runTest = () => {
    setTest(null);
    // A refusal is the answer the user asked for: shown in place, not as an error toast.
    testConnection.mutate(undefined, {
      onError: (e) => setTest({ ok: false, text: t('engage.channels.testFailed', { reason: errorMessage(e) }) }),
    });
  };
  const vapid = async () => {
    try {
      const keys = await post<{ publicKey: string; privateKey: string }>('/channels/push/vapid-keys');
      setConfig((c) => ({ ...c, vapidPublicKey: keys.publicKey, vapidPrivateKey: keys.privateKey }));
      setTest({ ok: true, text: t('engage.channels.vapidGenerated') });
    } catch (e) {
      notifyError(e);
    }
  };
  const secretsSet = channel?.secretsSet ?? [];
  const fields = CHANNEL_FIELDS[type].filter((f) => !f.when || f.when(config));

  return (
    <Stack gap="sm" data-testid="channel-form">
      <Select
        label={t('engage.channels.type')}
        data={CHANNEL_TYPES.map((k) => ({ value: k, label: t(`engage.channelTypes.${k}`) }))}
        value={type}
        onChange={(v) => {
          if (!v) return;
          setType(v as ChannelType);
          setConfig(initialConfig(v as ChannelType));
        }}
        disabled={!!channel}
        allowDeselect={false}
        data-testid="channel-type"
      />
      <TextInput
        label={t('engage.common.name')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
        required
        maxLength={200}
        data-testid="channel-name"
      />
      {type === 'sms' && (
        <Select
          label={t('engage.channels.transport')}
          data={(['smpp', 'http'] as const).map((k) => ({ value: k, label: t(`engage.channels.transports.${k}`) }))}
          value={String(config.transport ?? 'smpp')}
          onChange={(v) => v && set('transport', v)}
          allowDeselect={false}
          error={errors['config.transport']}
          data-testid="channel-field-transport"
        />
      )}
      {type === 'push' && canWrite && (
        <Button variant="light" w="fit-content" onClick={() => void vapid()} data-testid="channel-vapid">
          {t('engage.channels.vapidGenerate')}
        </Button>
      )}
      {fields.map((f) => (
        <ConfigField
          key={f.key}
          field={f}
          value={config[f.key]}
          onChange={(v) => set(f.key, v)}
          error={errors[`config.${f.key}`]}
          isSet={secretsSet.includes(f.key)}
        />
      ))}
      <NumberInput
        label={t('engage.channels.ratePerSecond')}
        description={t('engage.channels.ratePerSecondHint')}
        value={rate}
        onChange={(v) => setRate(typeof v === 'number' ? v : '')}
        min={1}
        allowDecimal={false}
        error={errors.ratePerSecond}
        data-testid="channel-rate"
      />
      {test && (
        <Alert color={test.ok ? 'teal' : 'red'} variant="light" data-testid="channel-test-result" data-ok={test.ok}>
          {test.text}
        </Alert>
      )}
      <Group justify="space-between" mt="sm">
        <Button
          variant="default"
          onClick={runTest}
          loading={testConnection.isPending}
          disabled={!channel}
          title={channel ? undefined : t('engage.channels.testHint')}
          data-testid="channel-test"
        >
          {t('engage.channels.test')}
        </Button>
        <Button
          onClick={submit}
          loading={save.isPending}
          disabled={!canWrite || !name.trim()}
          data-testid="channel-save"
        >
          {t('common.save')}
        </Button>
      </Group>
      {!channel && (
        <Text size="xs" c="dimmed">
          {t('engage.channels.testHint')}
        </Text>
      )}
    </Stack>
  );
}

/** Secrets typed into the form are cleared once saved: from then on the form shows them as “set”. */
function secretsCleared(type: ChannelType) {
  return Object.fromEntries(
    CHANNEL_FIELDS[type].filter((f) => f.input === 'secret' || f.input === 'secretText').map((f) => [f.key, '']),
  );
}

function ConfigField({
  field: f,
  value,
  onChange,
  error,
  isSet,
}: {
  field: FieldDef;
  value: unknown;
  onChange: (v: unknown) => void;
  error?: string;
  isSet: boolean;
}) {
  const { t } = useTranslation();
  const label = t(`engage.channels.fields.${f.key}`);
  const testId = `channel-field-${f.key}`;
  const str = value === undefined || value === null ? '' : String(value);
  switch (f.input) {
    case 'bool':
      return (
        <Checkbox
          label={label}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          error={error}
          data-testid={testId}
        />
      );
    case 'number':
      return (
        <NumberInput
          label={label}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(typeof v === 'number' ? v : '')}
          allowDecimal={false}
          min={0}
          required={f.required}
          error={error}
          data-testid={testId}
        />
      );
    case 'select':
      return (
        <Select
          label={label}
          data={[...(f.options ?? [])]}
          value={str || null}
          onChange={(v) => onChange(v ?? '')}
          clearable
          error={error}
          data-testid={testId}
        />
      );
    case 'secret':
      return (
        <PasswordInput
          visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
          label={label}
          value={str}
          onChange={(e) => onChange(e.currentTarget.value)}
          placeholder={isSet ? t('engage.channels.secretSet') : undefined}
          required={f.required && !isSet}
          error={error}
          autoComplete="new-password"
          data-testid={testId}
          data-set={isSet}
        />
      );
    case 'secretText':
      return (
        <Textarea
          label={label}
          value={str}
          onChange={(e) => onChange(e.currentTarget.value)}
          placeholder={isSet ? t('engage.channels.secretSet') : undefined}
          autosize
          minRows={2}
          maxRows={6}
          error={error}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid={testId}
          data-set={isSet}
        />
      );
    default:
      return (
        <TextInput
          label={label}
          value={str}
          onChange={(e) => onChange(e.currentTarget.value)}
          placeholder={f.placeholder}
          required={f.required}
          error={error}
          data-testid={testId}
        />
      );
  }
}
