import { Button, Popover, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKbSearch } from './api.ts';
import { plainText } from './Markdown.tsx';

/** The reply box's knowledge-base search: pick an article, its text goes into the reply. */
export function KbInsertButton({ onInsert }: { onInsert: (text: string) => void }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const found = useKbSearch(q, opened);
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={380} withinPortal shadow="md">
      <Popover.Target>
        <Button size="xs" variant="default" onClick={() => setOpened((o) => !o)} data-testid="kb-insert-open">
          {t('service.kb.insert')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <TextInput
            size="xs"
            placeholder={t('service.kb.insertSearch')}
            aria-label={t('service.kb.insertSearch')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-autofocus
            data-testid="kb-insert-search"
          />
          <ScrollArea.Autosize mah={300}>
            {(found.data ?? []).length === 0 ? (
              <Text size="xs" c="dimmed" data-testid="kb-insert-empty">
                {found.isPending ? t('service.kb.insertHint') : t('service.kb.noMatch')}
              </Text>
            ) : (
              <Stack gap={4}>
                {(found.data ?? []).map((a) => (
                  <UnstyledButton
                    key={a.id}
                    onClick={() => {
                      onInsert(plainText(a.body));
                      setOpened(false);
                    }}
                    p={4}
                    data-testid="kb-insert-item"
                    data-user-content
                  >
                    <Text size="sm" fw={500} truncate="end" title={a.title}>
                      {a.title} · {a.locale.toUpperCase()}
                    </Text>
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {a.body}
                    </Text>
                  </UnstyledButton>
                ))}
              </Stack>
            )}
          </ScrollArea.Autosize>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
