import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { useOrganization } from './organization';
import { organizationQuery } from './organizationQuery';

/** The chosen organisation's record (null when none is chosen or while it loads); `missing` when it is gone or not ours. */
export function useCurrentOrganization() {
  const { organizationId } = useOrganization();
  const query = useQuery(organizationQuery(organizationId));
  const missing = query.error instanceof ApiError && query.error.status >= 400 && query.error.status < 500;
  return { organizationId, organization: query.data ?? null, missing };
}
