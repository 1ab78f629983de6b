import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS = { negative: 'red', neutral: 'gray', positive: 'green' } as const;

/** A mention's sentiment as a coloured badge, with its score on hover. */
export function SentimentBadge({ label, score }: { label: keyof typeof COLORS; score: number }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[label]} variant="light" title={score.toFixed(2)} data-testid={`sentiment-${label}`}>
      {t(`mentions.sentiment.${label}`)}
    </Badge>
  );
}
