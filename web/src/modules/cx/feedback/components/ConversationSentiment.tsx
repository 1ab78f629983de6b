import { useTranslation } from 'react-i18next';
import { useSession } from '../../../../session.tsx';
import { SentimentBadge } from '../../mentions/pages/SentimentBadge.tsx';
import { useConversationAnalysis } from '../api.ts';

/**
 * A conversation's overall sentiment (its client's messages analysed, GET
 * /conversations/{id}/analysis) as a badge; nothing before any is analysed or without cx:read.
 */
export function ConversationSentiment({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const q = useConversationAnalysis(conversationId, can('cx:read'));
  const o = q.data?.overall;
  if (!o) return null;
  return (
    <span
      title={t('feedback.conversationSentiment', { label: t(`mentions.sentiment.${o.label}`), count: o.messages })}
      data-testid="conversation-sentiment"
    >
      <SentimentBadge label={o.label} score={o.score} />
    </span>
  );
}
