import { Card, Code, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../api.ts';
import { RoleBadge } from '../../components/Badges.tsx';
import { IconCheck } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../components/States.tsx';
import type { RolesResponse } from '../../types.ts';

export function RolesPage() {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['roles'], queryFn: () => get<RolesResponse>('/roles'), staleTime: Infinity });
  const lang = i18n.language === 'ru' ? 'ru' : 'en';

  return (
    <>
      <PageHeader title={t('nav.settings.roles')} description={t('rolesPage.description')} />
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={860}>
            <Table withColumnBorders striped verticalSpacing="xs" data-testid="roles-matrix">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('rolesPage.permission')}</Table.Th>
                  {q.data.data.map((r) => (
                    <Table.Th key={r.role} ta="center" miw={130} style={{ verticalAlign: 'top' }}>
                      <Stack gap={4} align="center">
                        <RoleBadge role={r.role} />
                        <Text size="xs" c="dimmed" fw={400}>
                          {r.description[lang]}
                        </Text>
                      </Stack>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.permissions.map((p) => (
                  <Table.Tr key={p.permission}>
                    <Table.Td>
                      <Text size="sm">{p[lang]}</Text>
                      <Code fz="xs">{p.permission}</Code>
                    </Table.Td>
                    {q.data.data.map((r) => {
                      const has = r.permissions.includes(p.permission);
                      return (
                        <Table.Td
                          key={r.role}
                          ta="center"
                          aria-label={has ? t('rolesPage.allowed') : t('rolesPage.denied')}
                        >
                          {has ? (
                            <ThemeIcon
                              size={22}
                              radius="xl"
                              color="teal"
                              variant="light"
                              data-testid={`perm-${r.role}-${p.permission}`}
                            >
                              <IconCheck size={14} />
                            </ThemeIcon>
                          ) : (
                            <Text c="dimmed" size="sm">
                              —
                            </Text>
                          )}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </>
  );
}
