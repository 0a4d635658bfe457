import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** A board's name from its id (shared with every list that shows one). */
export function BoardName({ boardId }: { boardId: string }) {
  const board = useQuery({
    queryKey: ['boards', 'one', boardId],
    queryFn: async () => unwrap(await api.GET('/api/v1/boards/{id}', { params: { path: { id: boardId } } })),
    staleTime: 60_000,
  });
  return <>{board.data?.name ?? '…'}</>;
}
