import createClient, { type Middleware } from 'openapi-fetch';
import { clearToken, getToken } from '../lib/session';
import type { components, paths } from './generated/schema';
import { ApiError, errorMessage, fieldErrors } from './errors';

export { ApiError, errorMessage };

export type Schemas = components['schemas'];
export type Organization = Schemas['OrganizationDto'];
export type Board = Schemas['BoardDto'];
export type Task = Schemas['TaskDto'];
export type TaskComment = Schemas['TaskCommentDto'];
export type Agent = Schemas['AgentDto'];
export type User = Schemas['UserDto'];

/** Sends the session's token; a 401 ends the session, which returns the user to the login page. */
const auth: Middleware = {
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && getToken()) clearToken('expired');
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** The data of an openapi-fetch answer (undefined for a 204), or an ApiError carrying the reason. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok) throw new ApiError(result.response.status, errorMessage(result.error, result.response.status), fieldErrors(result.error));
  return result.data as T;
}

export const PAGE_SIZE = 20;
