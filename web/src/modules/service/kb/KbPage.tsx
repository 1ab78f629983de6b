import { Badge, Button, Card, Group, Select, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconSearch } from '../../../components/icons.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Empty, ErrorState, PageLoader } from '../../../components/States.tsx';
import { useFormat } from '../../../format.ts';
import { useSession } from '../../../session.tsx';
import { ServiceTabs } from '../components/ServiceTabs.tsx';
import { type KbArticle, KB_LOCALES, KB_STATUSES, useKbArticles } from './api.ts';
import { ArticleModal } from './ArticleModal.tsx';

/**
 * /inbox/kb — the knowledge base: articles in Russian and English, searched as agents and the bot
 * search them (best match first), filtered by language and status, opened in the editor.
 */
export function KbPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [locale, setLocale] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [editing, setEditing] = useState<KbArticle | 'new' | null>(null);
  const list = useKbArticles({ q: q || undefined, locale: locale ?? undefined, status: status ?? undefined });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = !!(q || locale || status);
  return (
    <>
      <PageHeader
        title={t('nav.inbox')}
        actions={
          can('service:write') ? (
            <Button onClick={() => setEditing('new')} data-testid="kb-new">
              {t('service.kb.new')}
            </Button>
          ) : undefined
        }
      />
      <ServiceTabs />
      <Group gap="sm" mb="md" wrap="wrap">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('service.kb.search')}
          aria-label={t('service.kb.search')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: '1 1 240px' }}
          data-testid="kb-search"
        />
        <Select
          aria-label={t('service.kb.locale')}
          placeholder={t('service.kb.allLocales')}
          data={KB_LOCALES.map((l) => ({ value: l, label: t(`service.kb.locales.${l}`) }))}
          value={locale}
          onChange={setLocale}
          clearable
          w={180}
          data-testid="kb-locale"
        />
        <Select
          aria-label={t('service.kb.status')}
          placeholder={t('service.kb.allStatuses')}
          data={KB_STATUSES.map((s) => ({ value: s, label: t(`service.kb.statuses.${s}`) }))}
          value={status}
          onChange={setStatus}
          clearable
          w={180}
          data-testid="kb-status"
        />
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          testId="kb-empty"
          title={filtered ? t('service.kb.noMatch') : t('service.kb.empty')}
          description={filtered ? undefined : t('service.kb.emptyHint')}
        />
      ) : (
        <Stack gap="sm" data-testid="kb-list">
          {rows.map((a) => (
            <Card key={a.id} withBorder padding="sm" data-testid="kb-row" data-id={a.id}>
              <UnstyledButton
                onClick={() => setEditing(a)}
                style={{ width: '100%' }}
                data-testid="kb-open"
                data-user-content
              >
                <Group justify="space-between" wrap="nowrap" gap="sm">
                  <Text fw={600} truncate="end" title={a.title} style={{ minWidth: 0 }}>
                    {a.title}
                  </Text>
                  <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
                    <Badge size="sm" variant="light" color="gray">
                      {a.locale.toUpperCase()}
                    </Badge>
                    <Badge size="sm" variant="light" color={a.status === 'published' ? 'green' : 'yellow'}>
                      {t(`service.kb.statuses.${a.status}`)}
                    </Badge>
                  </Group>
                </Group>
                <Text size="sm" c="dimmed" lineClamp={2} mt={4}>
                  {a.body}
                </Text>
                <Group gap={6} mt={6} wrap="wrap">
                  {a.tags.map((tag) => (
                    <Badge key={tag} size="xs" variant="outline" color="gray">
                      {tag}
                    </Badge>
                  ))}
                  <Text size="xs" c="dimmed">
                    {t('service.kb.updated', { when: f.dateTime(a.updatedAt), who: a.updatedBy?.label ?? '—' })}
                  </Text>
                </Group>
              </UnstyledButton>
            </Card>
          ))}
          {list.hasNextPage && (
            <Button
              variant="default"
              onClick={() => void list.fetchNextPage()}
              loading={list.isFetchingNextPage}
              data-testid="kb-more"
            >
              {t('service.kb.more')}
            </Button>
          )}
        </Stack>
      )}
      <ArticleModal article={editing} onClose={() => setEditing(null)} />
    </>
  );
}
