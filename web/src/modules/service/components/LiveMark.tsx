import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLive, useLiveStatus } from '../live.ts';

/** Whether the page is receiving live updates; while away it says it is reconnecting. Keeps the socket open. */
export function LiveMark() {
  const { t } = useTranslation();
  useLive();
  const status = useLiveStatus();
  return (
    <Tooltip label={t(`service.live.${status}Hint`)} withArrow>
      <Badge
        variant="dot"
        color={status === 'open' ? 'green' : status === 'connecting' ? 'yellow' : 'gray'}
        data-testid="live-status"
        data-status={status}
        style={{ flexShrink: 0 }}
      >
        {t(`service.live.${status}`)}
      </Badge>
    </Tooltip>
  );
}
