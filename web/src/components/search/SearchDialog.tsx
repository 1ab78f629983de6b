import { Group, Kbd, Loader, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../session.tsx';
import { IconSearch } from '../icons.tsx';
import { SEARCH_PROVIDERS, type SearchHit } from './providers.ts';

const PER_GROUP = 5;

/** The header's search button and the Ctrl/⌘+K dialog it opens. */
export function GlobalSearch() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  // Ctrl/⌘+K works from anywhere, even while typing in a field.
  useHotkeys([['mod+K', () => setOpened(true)]], []);
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  return (
    <>
      {/* The shortcut sits beside the button, not in it: a key name is not a word to translate. */}
      <Group gap={6} wrap="nowrap" className="kt-search-button" onClick={() => setOpened(true)}>
        <UnstyledButton aria-label={t('search.open')} data-testid="global-search-open">
          <Group gap={6} wrap="nowrap">
            <IconSearch size={16} />
            <Text size="sm" c="dimmed" visibleFrom="md">
              {t('search.open')}
            </Text>
          </Group>
        </UnstyledButton>
        <Kbd size="xs" visibleFrom="md" style={{ cursor: 'pointer' }}>
          {mac ? '⌘K' : 'Ctrl+K'}
        </Kbd>
      </Group>
      {opened && <SearchDialog onClose={() => setOpened(false)} />}
    </>
  );
}

function SearchDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 200);
  const [active, setActive] = useState(0);
  const providers = useMemo(() => SEARCH_PROVIDERS.filter((p) => can(p.permission)), [can]);
  const ready = q.length >= 2;
  const results = useQueries({
    queries: providers.map((p) => ({
      queryKey: ['global-search', p.key, q],
      queryFn: () => p.search(q, PER_GROUP),
      enabled: ready,
      staleTime: 30_000,
    })),
  });
  const groups = providers
    .map((p, i) => ({ provider: p, hits: ready ? (results[i]?.data ?? []) : [] }))
    .filter((g) => g.hits.length > 0);
  const flat: SearchHit[] = groups.flatMap((g) => g.hits);
  const loading = ready && results.some((r) => r.isFetching);
  useEffect(() => setActive(0), [q]);
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    listRef.current?.querySelector('[data-active="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const open = (hit: SearchHit | undefined) => {
    if (!hit) return;
    onClose();
    navigate(hit.path);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => (flat.length ? (a + 1) % flat.length : 0));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (flat.length ? (a - 1 + flat.length) % flat.length : 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(flat[Math.min(active, flat.length - 1)]);
    }
  };

  let index = -1;
  return (
    <Modal
      opened
      onClose={onClose}
      withCloseButton={false}
      size="lg"
      yOffset="10vh"
      padding="sm"
      title={null}
      aria-label={t('search.open')}
      data-testid="global-search"
    >
      <Stack gap="xs">
        <TextInput
          data-autofocus
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          placeholder={t('search.placeholder')}
          aria-label={t('search.placeholder')}
          leftSection={<IconSearch size={16} />}
          rightSection={loading ? <Loader size="xs" /> : null}
          size="md"
          data-testid="global-search-input"
        />
        {/* A plain scroll box: Mantine's ScrollArea lays its content out as a table, which defeats the ellipsis. */}
        <div ref={listRef} style={{ maxHeight: '55vh', overflowY: 'auto' }}>
          <Stack gap="sm" role="listbox" aria-label={t('search.open')}>
            {groups.map((g) => (
              <Stack key={g.provider.key} gap={2} data-testid={`global-search-group-${g.provider.key}`}>
                <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="xs">
                  {t(`search.groups.${g.provider.key}` as 'search.groups.people')}
                </Text>
                {g.hits.map((hit) => {
                  index += 1;
                  const i = index;
                  const isActive = i === active;
                  return (
                    <UnstyledButton
                      key={hit.id}
                      role="option"
                      aria-selected={isActive}
                      data-active={isActive}
                      onMouseEnter={() => setActive(i)}
                      onClick={() => open(hit)}
                      px="xs"
                      py={6}
                      className="kt-search-hit"
                      data-testid="global-search-hit"
                    >
                      <Group gap="sm" wrap="nowrap">
                        <g.provider.icon size={16} />
                        <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                          <Text size="sm" fw={500} truncate="end" title={hit.title}>
                            {hit.title}
                          </Text>
                          {hit.subtitle && (
                            <Text size="xs" c="dimmed" truncate="end" title={hit.subtitle}>
                              {hit.subtitle}
                            </Text>
                          )}
                        </Stack>
                      </Group>
                    </UnstyledButton>
                  );
                })}
              </Stack>
            ))}
          </Stack>
        </div>
        <Text size="xs" c="dimmed" px="xs" data-testid="global-search-status">
          {!ready ? t('search.hint') : !loading && flat.length === 0 ? t('search.nothing') : t('search.navigate')}
        </Text>
      </Stack>
    </Modal>
  );
}
