import { ActionIcon, Button, Checkbox, Divider, Group, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconChevronDown, IconJobs } from '../../../components/icons.tsx';
import { FIXED_COLUMN } from './people-columns.ts';

/**
 * Which columns a list shows and in what order: the shown ones first (moved up and down), then the
 * hidden ones. `onSaveToView` appears when the list shows a saved view whose columns differ.
 */
export function ColumnChooser({
  all,
  value,
  label,
  onChange,
  onReset,
  saveToView,
}: {
  /** Every column that can be shown. */
  all: string[];
  /** The shown columns, in order. */
  value: string[];
  label: (column: string) => string;
  onChange: (columns: string[]) => void;
  onReset: () => void;
  saveToView?: { name: string; onSave: () => void; saving: boolean } | null;
}) {
  const { t } = useTranslation();
  const hidden = all.filter((c) => !value.includes(c));
  const move = (i: number, by: number) => {
    const next = [...value];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  const toggle = (c: string, on: boolean) => onChange(on ? [...value, c] : value.filter((x) => x !== c));

  return (
    <Popover position="bottom-end" width={300} shadow="md" withinPortal trapFocus>
      <Popover.Target>
        <Button variant="default" leftSection={<IconJobs size={16} />} data-testid="people-columns">
          {t('crm.people.columnChooser.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid="people-columns-panel">
        <Stack gap="xs">
          <Text size="xs" c="dimmed">
            {t('crm.people.columnChooser.hint')}
          </Text>
          <ScrollArea.Autosize mah={380} type="auto" offsetScrollbars>
            <Stack gap={2} data-testid="columns-shown">
              {value.map((c, i) => (
                <Group key={c} gap={4} wrap="nowrap" justify="space-between" data-testid="column-item" data-column={c}>
                  <Checkbox
                    size="xs"
                    label={label(c)}
                    checked
                    disabled={c === FIXED_COLUMN}
                    onChange={(e) => toggle(c, e.currentTarget.checked)}
                    data-testid={`column-toggle-${c}`}
                  />
                  <Group gap={0} wrap="nowrap">
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                      aria-label={t('crm.people.columnChooser.up', { column: label(c) })}
                      data-testid={`column-up-${c}`}
                    >
                      <IconChevronDown size={14} style={{ transform: 'rotate(180deg)' }} />
                    </ActionIcon>
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      disabled={i === value.length - 1}
                      onClick={() => move(i, 1)}
                      aria-label={t('crm.people.columnChooser.down', { column: label(c) })}
                      data-testid={`column-down-${c}`}
                    >
                      <IconChevronDown size={14} />
                    </ActionIcon>
                  </Group>
                </Group>
              ))}
            </Stack>
            {hidden.length > 0 && (
              <>
                <Divider my={6} label={t('crm.people.columnChooser.hidden')} labelPosition="left" />
                <Stack gap={4} data-testid="columns-hidden">
                  {hidden.map((c) => (
                    <Checkbox
                      key={c}
                      size="xs"
                      label={label(c)}
                      checked={false}
                      onChange={(e) => toggle(c, e.currentTarget.checked)}
                      data-testid={`column-toggle-${c}`}
                    />
                  ))}
                </Stack>
              </>
            )}
          </ScrollArea.Autosize>
          <Group justify="space-between" gap="xs">
            <Button size="compact-xs" variant="subtle" onClick={onReset} data-testid="columns-reset">
              {t('crm.people.columnChooser.reset')}
            </Button>
            {saveToView && (
              <Button
                size="compact-xs"
                variant="light"
                onClick={saveToView.onSave}
                loading={saveToView.saving}
                data-testid="columns-save-view"
              >
                {t('crm.people.columnChooser.saveToView', { name: saveToView.name })}
              </Button>
            )}
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
