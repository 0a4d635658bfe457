import { SimpleGrid } from '@mantine/core';
import type { Schemas } from '../../api/client';
import { StatCard } from '../../components/StatCard';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';

/** The key figures of the operational summary. */
export function Kpis({ summary }: { summary: Schemas['OperationalSummaryDto'] }) {
  const { t } = useI18n();
  const f = useFormat();
  const { agents, tasks, gateways, usage_today: usage } = summary;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md" data-testid="kpis">
      <StatCard testId="kpi-agents" label={t('kpi.activeAgents')} value={`${f.count(agents.active)} / ${f.count(agents.total)}`} detail={t('kpi.activeAgentsHint', { online: agents.online, busy: agents.busy, total: agents.total })} />
      <StatCard testId="kpi-tasks-today" label={t('kpi.tasksToday')} value={f.count(tasks.created_today)} detail={t('kpi.tasksTodayHint', { done: f.count(tasks.done_today) })} />
      <StatCard testId="kpi-open-tasks" label={t('kpi.openTasks')} value={f.count(tasks.open)} detail={t('kpi.openTasksHint', { inProgress: f.count(tasks.in_progress), overdue: f.count(tasks.overdue) })} />
      <StatCard testId="kpi-approvals" label={t('kpi.approvals')} value={f.count(summary.pending_approvals)} detail={t('kpi.approvalsHint', { suggestions: f.count(summary.pending_suggestions) })} />
      <StatCard testId="kpi-gateways" label={t('kpi.gateways')} value={f.count(gateways.online)} detail={t('kpi.gatewaysHint', { online: gateways.online, total: gateways.total })} />
      <StatCard testId="kpi-pipelines" label={t('kpi.pipelines')} value={f.count(summary.running_pipelines)} detail={t('kpi.pipelinesHint')} />
      <StatCard testId="kpi-tokens" label={t('kpi.tokens')} value={f.compact(usage.total_tokens)} detail={t('kpi.tokensHint', { input: f.compact(usage.input_tokens), output: f.compact(usage.output_tokens) })} />
      <StatCard testId="kpi-cost" label={t('kpi.cost')} value={f.usd(usage.cost_usd)} detail={t('kpi.costHint')} />
    </SimpleGrid>
  );
}
