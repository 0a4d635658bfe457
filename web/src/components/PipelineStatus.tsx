import { Badge } from '@mantine/core';
import type { Schemas } from '../api/client';
import { useI18n } from '../lib/i18n';

export type RunStatus = Schemas['PipelineRunDto']['status'];
export type StageStatus = Schemas['StageStateDto']['status'];

export const RUN_COLOR: Record<RunStatus, string> = { queued: 'gray', running: 'blue', waiting: 'yellow', succeeded: 'green', failed: 'red', cancelled: 'gray' };
export const STAGE_COLOR: Record<StageStatus, string> = { pending: 'gray', running: 'blue', waiting: 'yellow', succeeded: 'green', failed: 'red', skipped: 'gray', cancelled: 'gray' };

/** A run that can still change: its page polls while it is one. */
export const isActive = (status: RunStatus) => status === 'queued' || status === 'running' || status === 'waiting';

export function RunStatusBadge({ status, testId = 'run-status' }: { status: RunStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <Badge color={RUN_COLOR[status]} variant="light" data-testid={testId} data-status={status}>
      {t(`runStatus.${status}`)}
    </Badge>
  );
}

export function StageStatusBadge({ status }: { status: StageStatus }) {
  const { t } = useI18n();
  return (
    <Badge color={STAGE_COLOR[status]} variant={status === 'pending' ? 'outline' : 'light'} size="sm" data-testid="stage-status" data-status={status}>
      {t(`stageStatus.${status}`)}
    </Badge>
  );
}
