import { Badge, Card, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.tsx';
import { Empty } from '../components/States.tsx';
import { IconTools } from '../components/icons.tsx';
import { MODULES, type ModuleKey } from '../nav.ts';

/** Until a module ships, its page says so plainly and tells what it will do. */
export function ModulePage({ module }: { module: ModuleKey }) {
  const { t } = useTranslation();
  const def = MODULES.find((m) => m.key === module)!;
  const features = t(`modules.${module}.features`, { returnObjects: true }) as unknown as string[];
  return (
    <Stack data-testid={`module-${module}`}>
      <PageHeader
        title={
          <>
            <def.icon size={26} style={{ verticalAlign: -4, marginRight: 8 }} />
            {t(`nav.${module}`)}
          </>
        }
        description={t(`modules.${module}.description`)}
        actions={
          <Badge variant="light" color="orange">
            {t('modules.badge')}
          </Badge>
        }
      />
      <Card withBorder padding="xl">
        <Empty
          testId="module-empty"
          icon={<IconTools size={28} />}
          title={t('modules.buildingTitle')}
          description={t('modules.buildingText')}
        />
        {Array.isArray(features) && features.length > 0 && (
          <Stack gap="xs" maw={560} mx="auto" mb="lg">
            <Text fw={600} size="sm">
              {t('modules.planned')}
            </Text>
            <List size="sm" spacing={4}>
              {features.map((f) => (
                <List.Item key={f}>{f}</List.Item>
              ))}
            </List>
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
