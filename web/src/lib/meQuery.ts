import { api, unwrap } from '../api/client';

/** The signed-in user's own record. */
export const meQuery = {
  queryKey: ['users', 'me'],
  queryFn: async () => unwrap(await api.GET('/api/v1/users/me')),
};
