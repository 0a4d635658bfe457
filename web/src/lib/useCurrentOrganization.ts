import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { useOrganization } from './organization';

/** The chosen organisation's record (for its name in empty states), or null when none is chosen. */
export function useCurrentOrganization() {
  const { organizationId } = useOrganization();
  const query = useQuery({
    queryKey: ['organizations', 'one', organizationId],
    queryFn: async () => unwrap(await api.GET('/api/v1/organizations/{id}', { params: { path: { id: organizationId! } } })),
    enabled: organizationId !== null,
  });
  return { organizationId, organization: query.data ?? null };
}
