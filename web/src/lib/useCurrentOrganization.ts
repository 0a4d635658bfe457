import { useQuery } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '../api/client';
import { useOrganization } from './organization';

/** The chosen organisation's record (null when none is chosen or while it loads); `missing` when it is gone or not ours. */
export function useCurrentOrganization() {
  const { organizationId } = useOrganization();
  const query = useQuery({
    queryKey: ['organizations', 'one', organizationId],
    queryFn: async () => unwrap(await api.GET('/api/v1/organizations/{id}', { params: { path: { id: organizationId! } } })),
    enabled: organizationId !== null,
  });
  const missing = query.error instanceof ApiError && query.error.status >= 400 && query.error.status < 500;
  return { organizationId, organization: query.data ?? null, missing };
}
