import { useQuery } from '@tanstack/react-query';
import { organizationQuery } from '../lib/organizationQuery';

/** An organisation's name from its id (the id's start until it loads, or when it is gone). */
export function OrganizationName({ id }: { id: string }) {
  const { data } = useQuery(organizationQuery(id));
  return <>{data?.name ?? id.slice(0, 8)}</>;
}
