import { Stack, Text, UnstyledButton } from '@mantine/core';
import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { STEP_TYPES, type StepType } from '../api.ts';
import { StepIcon } from './step-icons.tsx';

/** The drag payload's type: a step kind dropped on the canvas. */
export const DRAG_TYPE = 'application/x-kartoteka-journey-step';

/** The step kinds to drag onto the canvas (or click: added after the selected step). */
export function Palette({ onAdd, disabled }: { onAdd: (type: StepType) => void; disabled: boolean }) {
  const { t } = useTranslation();
  const start = (e: DragEvent, type: StepType) => {
    e.dataTransfer.setData(DRAG_TYPE, type);
    e.dataTransfer.effectAllowed = 'move';
  };
  return (
    <Stack gap={6} data-testid="journey-palette">
      <Text size="sm" fw={600}>
        {t('journeys.editor.palette')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('journeys.editor.paletteHint')}
      </Text>
      {STEP_TYPES.map((type) => (
        <UnstyledButton
          key={type}
          draggable={!disabled}
          disabled={disabled}
          onDragStart={(e) => start(e, type)}
          onClick={() => onAdd(type)}
          data-testid={`palette-${type}`}
          style={{
            border: '1px solid var(--mantine-color-default-border)',
            borderRadius: 6,
            padding: '6px 8px',
            cursor: disabled ? 'default' : 'grab',
            opacity: disabled ? 0.5 : 1,
            background: 'var(--mantine-color-body)',
          }}
        >
          <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
            <span style={{ display: 'flex', paddingTop: 2 }}>
              <StepIcon type={type} size={16} />
            </span>
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} lh={1.3}>
                {t(`journeys.types.${type}`)}
              </Text>
              <Text size="xs" c="dimmed" lh={1.3}>
                {t(`journeys.typeHints.${type}`)}
              </Text>
            </div>
          </div>
        </UnstyledButton>
      ))}
    </Stack>
  );
}
