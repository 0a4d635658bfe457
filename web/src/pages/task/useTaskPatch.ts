import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas, type Task } from '../../api/client';

export const taskKey = (taskId: string) => ['task', taskId] as const;
export const taskActivityKey = (taskId: string) => ['activity', 'task', taskId] as const;

/**
 * A change to the task through PATCH /tasks/{id}: the drawer and the board show the answer at once (the live sync
 * would bring it too, a moment later), and the task's activity is read again.
 */
export function useTaskPatch(taskId: string, saved: (task: Task) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas['UpdateTaskDto']) => unwrap(await api.PATCH('/api/v1/tasks/{id}', { params: { path: { id: taskId } }, body })),
    onSuccess: (task) => {
      queryClient.setQueryData(taskKey(taskId), task);
      void queryClient.invalidateQueries({ queryKey: taskActivityKey(taskId) });
      saved(task);
    },
  });
}

/** After a write elsewhere (tags): the task read again, for the drawer and the board. */
export function useTaskRefresh(taskId: string, saved: (task: Task) => void) {
  const queryClient = useQueryClient();
  return async () => {
    const task = unwrap(await api.GET('/api/v1/tasks/{id}', { params: { path: { id: taskId } } }));
    queryClient.setQueryData(taskKey(taskId), task);
    void queryClient.invalidateQueries({ queryKey: taskActivityKey(taskId) });
    saved(task);
  };
}
