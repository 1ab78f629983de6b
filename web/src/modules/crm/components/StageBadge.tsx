import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import './people.css';

const COLORS: Record<string, string> = { lead: 'blue', prospect: 'violet', customer: 'teal', churned: 'gray' };

export function StageBadge({ stage, size = 'sm' }: { stage: string | null; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  if (!stage) return null;
  return (
    <Badge color={COLORS[stage] ?? 'gray'} variant="light" size={size} data-testid="stage-badge" data-stage={stage}>
      {t(`crm.people.stages.${stage}` as 'crm.people.stages.lead', { defaultValue: stage })}
    </Badge>
  );
}
