import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, type Dispatch } from 'react';
import { api, unwrap } from '../api/client';
import type { KanbanAction, KanbanTask } from './kanban';

/** The largest page the API serves (MAX_LIMIT): a board of 1 000 tasks is ten requests. */
export const TASK_PAGE = 100;

export interface BoardTasksLoad {
  loaded: number;
  total?: number;
  done: boolean;
  error: Error | null;
  retry(): void;
}

/**
 * Every task of a board through the paged task list, page after page (oldest first, so tasks created meanwhile land
 * on a later page), each page handed to the board's reducer as it arrives so the first cards show before the rest.
 */
export function useBoardTasks(boardId: string, dispatch: Dispatch<KanbanAction>): BoardTasksLoad {
  const query = useInfiniteQuery({
    queryKey: ['tasks', 'board', boardId, 'all'],
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/tasks', {
          params: { query: { board_id: boardId, limit: TASK_PAGE, offset: pageParam, sort: 'created_at', order: 'asc' } },
        }),
      ),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const offset = pages.reduce((sum, page) => sum + page.items.length, 0);
      return last.items.length > 0 && offset < last.total ? offset : undefined;
    },
    // the live sync keeps the board current after the load; a fresh opening loads again
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const { data, hasNextPage, isFetchingNextPage, isError, fetchNextPage } = query;

  const handed = useRef(0);
  useEffect(() => {
    const pages = data?.pages ?? [];
    if (pages.length < handed.current) handed.current = 0;
    for (let i = handed.current; i < pages.length; i += 1) {
      dispatch({ type: 'tasks.page', tasks: pages[i].items as KanbanTask[], last: i === pages.length - 1 && !hasNextPage });
    }
    handed.current = pages.length;
  }, [data, hasNextPage, dispatch]);

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isError, fetchNextPage]);

  const pages = data?.pages ?? [];
  return {
    loaded: pages.reduce((sum, page) => sum + page.items.length, 0),
    total: pages.at(-1)?.total,
    done: query.isSuccess && !hasNextPage,
    error: query.error,
    retry: () => void (data ? fetchNextPage() : query.refetch()),
  };
}
