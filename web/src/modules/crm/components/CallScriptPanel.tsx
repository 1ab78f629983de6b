import { ActionIcon, Card, Group, ScrollArea, Stack, Stepper, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallScript } from './sales-types.ts';

/** The script beside the call form: the operator walks the steps while talking. */
export function CallScriptPanel({ script, onClose }: { script: CallScript; onClose: () => void }) {
  const { t } = useTranslation();
  const [active, setActive] = useState(0);
  return (
    <Card withBorder padding="sm" bg="var(--mantine-color-yellow-light)" data-testid="call-script-panel">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={600} size="sm">
          {script.name}
        </Text>
        <ActionIcon variant="subtle" color="gray" onClick={onClose} aria-label={t('crm.activities.hideScript')}>
          ×
        </ActionIcon>
      </Group>
      <ScrollArea.Autosize mah={440}>
        <Stack gap="sm">
          {script.body && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {script.body}
            </Text>
          )}
          {script.steps.length > 0 && (
            <Stepper active={active} onStepClick={setActive} orientation="vertical" size="sm" allowNextStepsSelect>
              {script.steps.map((s, i) => (
                <Stepper.Step
                  key={i}
                  label={s.title || t('crm.activities.scriptStep', { n: i + 1 })}
                  description={
                    <Text
                      size="sm"
                      c={i === active ? undefined : 'dimmed'}
                      style={{ whiteSpace: 'pre-wrap' }}
                      lineClamp={i === active ? undefined : 2}
                    >
                      {s.text}
                    </Text>
                  }
                />
              ))}
            </Stepper>
          )}
        </Stack>
      </ScrollArea.Autosize>
    </Card>
  );
}
