import { Button, Checkbox, Group, Modal, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Journey, JourneyDefinition, JourneyVersion } from '../api.ts';

/**
 * Publishing: the draft becomes the next version. With a published version before it, the people in
 * flight on that version may be moved, each old step mapped to a step of the new one (same id by default).
 */
export function PublishModal({
  journey,
  draft,
  versions,
  inFlight,
  onClose,
  onPublish,
}: {
  journey: Journey;
  draft: JourneyDefinition;
  versions: JourneyVersion[];
  inFlight: number | null;
  onClose: () => void;
  onPublish: (migrate: { fromVersion: number; map: Record<string, string> } | null) => Promise<void>;
}) {
  const { t } = useTranslation();
  const next = (journey.version ?? 0) + 1;
  const from = versions.find((v) => v.version === journey.version);
  const newIds = draft.steps.map((s) => s.id);
  const [migrate, setMigrate] = useState(false);
  const [map, setMap] = useState<Record<string, string>>(() =>
    Object.fromEntries((from?.definition.steps ?? []).map((s) => [s.id, newIds.includes(s.id) ? s.id : ''])),
  );
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    const chosen = Object.fromEntries(Object.entries(map).filter(([, v]) => v));
    await onPublish(migrate && from ? { fromVersion: from.version, map: chosen } : null);
    setBusy(false);
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('journeys.editor.publishTitle', { name: journey.name })}
      size="lg"
      centered
    >
      <Stack gap="sm" data-testid="journey-publish-modal">
        <Text size="sm">{t('journeys.editor.publishText', { version: next })}</Text>
        {from && (
          <>
            {(from.counts?.active ?? inFlight) !== null && (
              <Text size="sm" c="dimmed" data-testid="journey-in-flight-old">
                {t('journeys.editor.inFlightOn', {
                  version: from.version,
                  count: from.counts?.active ?? inFlight ?? 0,
                })}
              </Text>
            )}
            <Checkbox
              label={t('journeys.editor.migrate', { version: from.version })}
              checked={migrate}
              onChange={(e) => setMigrate(e.currentTarget.checked)}
              data-testid="journey-migrate"
            />
            {migrate && (
              <>
                <Text size="xs" c="dimmed">
                  {t('journeys.editor.migrateHint')}
                </Text>
                <Table verticalSpacing={4}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('journeys.editor.migrateFrom', { version: from.version })}</Table.Th>
                      <Table.Th>{t('journeys.editor.migrateTo')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {from.definition.steps.map((s) => (
                      <Table.Tr key={s.id}>
                        <Table.Td>
                          <Text size="sm" className="kt-mono">
                            {s.id}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Select
                            size="xs"
                            aria-label={t('journeys.editor.migrateTo')}
                            data={newIds}
                            value={map[s.id] || null}
                            onChange={(v) => setMap({ ...map, [s.id]: v ?? '' })}
                            clearable
                            classNames={{ input: 'kt-mono' }}
                          />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
          </>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => void go()} loading={busy} data-testid="journey-publish-confirm">
            {t('journeys.editor.publish')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
