import { Button, Group, Modal, NumberInput, Stack, Switch, TagsInput, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patch } from '../../../api.ts';
import { useApiMutation } from '../../../components/useApiMutation.ts';
import { useSession } from '../../../session.tsx';
import { type Inbox, INBOXES_KEY } from '../api.ts';

interface BotSettings {
  enabled?: boolean;
  greeting?: { ru?: string; en?: string };
  handoverKeywords?: string[];
  kbThreshold?: number;
}

/** The inbox's bot on or off, greeting, handover words, how closely an article must match (`settings.bot`). */
export const botOf = (inbox: Inbox): BotSettings =>
  ((inbox.settings as { bot?: BotSettings }).bot ?? {}) as BotSettings;

export function BotSettingsModal({ inbox, onClose }: { inbox: Inbox | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const writable = can('service:write');
  const [enabled, setEnabled] = useState(false);
  const [ru, setRu] = useState('');
  const [en, setEn] = useState('');
  const [keywords, setKeywords] = useState<string[]>([]);
  const [threshold, setThreshold] = useState<number>(50);
  useEffect(() => {
    if (!inbox) return;
    const b = botOf(inbox);
    setEnabled(!!b.enabled);
    setRu(b.greeting?.ru ?? '');
    setEn(b.greeting?.en ?? '');
    setKeywords(b.handoverKeywords ?? []);
    setThreshold(Math.round((b.kbThreshold ?? 0.5) * 100));
  }, [inbox]);
  const save = useApiMutation({
    mutationFn: () =>
      patch<Inbox>(`/inboxes/${inbox!.id}`, {
        settings: {
          ...inbox!.settings,
          bot: {
            enabled,
            greeting: { ...(ru.trim() ? { ru: ru.trim() } : {}), ...(en.trim() ? { en: en.trim() } : {}) },
            handoverKeywords: keywords,
            kbThreshold: Math.min(100, Math.max(10, threshold)) / 100,
          },
        },
      }),
    success: () => t('service.bot.saved'),
    invalidate: [INBOXES_KEY],
    onSuccess: onClose,
  });
  return (
    <Modal opened={!!inbox} onClose={onClose} title={t('service.bot.title', { name: inbox?.name ?? '' })} size="lg">
      <Stack gap="sm" data-testid="bot-settings">
        <Text size="sm" c="dimmed">
          {t('service.bot.intro')}
        </Text>
        <Switch
          label={t('service.bot.enabled')}
          checked={enabled}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
          disabled={!writable}
          data-testid="bot-enabled"
        />
        <Textarea
          label={t('service.bot.greetingRu')}
          description={t('service.bot.greetingHint')}
          value={ru}
          onChange={(e) => setRu(e.currentTarget.value)}
          maxLength={1000}
          autosize
          minRows={2}
          readOnly={!writable}
          data-testid="bot-greeting-ru"
        />
        <Textarea
          label={t('service.bot.greetingEn')}
          description={t('service.bot.greetingHint')}
          value={en}
          onChange={(e) => setEn(e.currentTarget.value)}
          maxLength={1000}
          autosize
          minRows={2}
          readOnly={!writable}
          data-testid="bot-greeting-en"
        />
        <TagsInput
          label={t('service.bot.keywords')}
          description={t('service.bot.keywordsHint')}
          value={keywords}
          onChange={setKeywords}
          maxTags={30}
          readOnly={!writable}
          data-testid="bot-keywords"
        />
        <NumberInput
          label={t('service.bot.threshold')}
          description={t('service.bot.thresholdHint')}
          value={threshold}
          onChange={(v) => setThreshold(typeof v === 'number' ? v : Number(v) || 50)}
          min={10}
          max={100}
          step={5}
          suffix=" %"
          w={200}
          readOnly={!writable}
          data-testid="bot-threshold"
        />
        {writable && (
          <Group justify="flex-end">
            <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="bot-save">
              {t('service.bot.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Modal>
  );
}
