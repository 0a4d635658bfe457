import { api, unwrap } from '../api/client';

/** One organisation's record; every reader shares this cache entry. */
export function organizationQuery(id: string | null) {
  return {
    queryKey: ['organizations', 'one', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/organizations/{id}', { params: { path: { id: id! } } })),
    enabled: id !== null,
  };
}
