import { Badge } from '@mantine/core';
import type { Agent } from '../api/client';
import { useI18n } from '../lib/i18n';

const STATUS_COLOR: Record<Agent['status'], string> = { online: 'green', busy: 'orange', offline: 'gray', error: 'red', disabled: 'dark' };

/** An agent's status as a small coloured dot badge, in the user's language. */
export function AgentStatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const known = status in STATUS_COLOR ? (status as Agent['status']) : 'offline';
  return (
    <Badge size="xs" variant="dot" color={STATUS_COLOR[known]}>
      {t(`agents.status.${known}`)}
    </Badge>
  );
}
