import { Alert, Button, Group, List, Modal, Progress, Select, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, notifySuccess } from '../../../notify.ts';
import { post } from '../../../api.ts';
import type { JourneyOption } from '../api.ts';

interface Outcome {
  entered: number;
  skipped: { personId: string; reason: string }[];
}

/**
 * Sends the chosen people into an active journey whose entry is the API (POST /journeys/{id}/enter
 * {personId}, one request per person): a journey picker, the progress, then who entered and why
 * the others did not (already in it, no consent, the cap…, in the server's words).
 */
export function StartJourneyModal({
  opened,
  onClose,
  personIds,
  journeys,
}: {
  opened: boolean;
  onClose: () => void;
  personIds: string[];
  journeys: JourneyOption[];
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const usable = journeys.filter((j) => j.byApi);
  const [journeyId, setJourneyId] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const running = done !== null && outcome === null;
  const close = () => {
    if (running) return;
    setJourneyId(null);
    setDone(null);
    setOutcome(null);
    onClose();
  };
  const start = async () => {
    if (!journeyId) return;
    const out: Outcome = { entered: 0, skipped: [] };
    setDone(0);
    for (const [i, personId] of personIds.entries()) {
      try {
        const r = await post<{ runId: string | null; reason?: string | null }>(`/journeys/${journeyId}/enter`, {
          personId,
        });
        if (r.runId) out.entered++;
        else out.skipped.push({ personId, reason: r.reason ?? '—' });
      } catch (e) {
        out.skipped.push({ personId, reason: errorMessage(e) });
      }
      setDone(i + 1);
    }
    setOutcome(out);
    if (out.entered > 0)
      notifySuccess(t('insights.journey.result', { entered: out.entered, skipped: out.skipped.length }));
    void qc.invalidateQueries({ queryKey: ['journeys'] });
  };
  const reasons = outcome ? [...new Set(outcome.skipped.map((s) => s.reason))].slice(0, 5) : [];
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('insights.journey.title')}
      size="lg"
      data-testid="start-journey-modal"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('insights.journey.intro')}
        </Text>
        {usable.length === 0 ? (
          <Alert variant="light" color="gray" data-testid="start-journey-none">
            {t('insights.journey.none')}
          </Alert>
        ) : (
          <Select
            label={t('insights.journey.pick')}
            placeholder={t('insights.journey.pickPlaceholder')}
            data={usable.map((j) => ({ value: j.id, label: j.name }))}
            value={journeyId}
            onChange={setJourneyId}
            disabled={running || outcome !== null}
            searchable
            data-testid="start-journey-pick"
          />
        )}
        {done !== null && (
          <Stack gap={2} data-testid="start-journey-progress" data-done={done} data-total={personIds.length}>
            <Progress value={personIds.length ? (done / personIds.length) * 100 : 100} animated={running} />
            <Text size="xs" c="dimmed">
              {t('insights.journey.progress', { done, n: personIds.length })}
            </Text>
          </Stack>
        )}
        {outcome && (
          <Alert
            variant="light"
            color={outcome.skipped.length ? 'orange' : 'teal'}
            data-testid="start-journey-result"
            data-entered={outcome.entered}
            data-skipped={outcome.skipped.length}
          >
            <Text size="sm">
              {t('insights.journey.result', { entered: outcome.entered, skipped: outcome.skipped.length })}
            </Text>
            {reasons.length > 0 && (
              <>
                <Text size="sm" mt={4}>
                  {t('insights.journey.reasonsTitle')}:
                </Text>
                <List size="sm">
                  {reasons.map((r) => (
                    <List.Item key={r}>{r}</List.Item>
                  ))}
                </List>
              </>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={running}>
            {outcome ? t('common.done') : t('common.cancel')}
          </Button>
          {!outcome && usable.length > 0 && (
            <Button
              onClick={() => void start()}
              loading={running}
              disabled={!journeyId || personIds.length === 0}
              data-testid="start-journey-go"
            >
              {t('insights.journey.start', { n: personIds.length })}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
