import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../lib/i18n';

/** "Task: <title>" for a schedule, which names its task by id only. */
export function useTaskTitle(taskId: string): string {
  const { t } = useI18n();
  const task = useQuery({
    queryKey: ['tasks', 'one', taskId],
    queryFn: async () => unwrap(await api.GET('/api/v1/tasks/{id}', { params: { path: { id: taskId } } })),
    staleTime: 60_000,
  });
  return t('cal.taskItem', { title: task.data?.title ?? '…' });
}
