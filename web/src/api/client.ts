import createClient, { type Middleware } from 'openapi-fetch';
import { clearToken, getToken } from '../lib/session';
import type { components, paths } from './generated/schema';

export type Schemas = components['schemas'];
export type Organization = Schemas['OrganizationDto'];
export type Board = Schemas['BoardDto'];
export type Task = Schemas['TaskDto'];
export type TaskComment = Schemas['TaskCommentDto'];
export type Agent = Schemas['AgentDto'];

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

/** An API error as a sentence to show: the body's detail (and field errors), or the status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function errorMessage(error: unknown, status: number): string {
  if (error && typeof error === 'object') {
    const body = error as { detail?: unknown; errors?: { field: string; message: string }[]; error?: unknown };
    const fields = body.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
    if (typeof body.detail === 'string') return fields ? `${body.detail} (${fields})` : body.detail;
    if (typeof body.error === 'string') return body.error;
  }
  return `HTTP ${status}`;
}

/** The data of an openapi-fetch answer, or an ApiError carrying the reason. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) throw new ApiError(result.response.status, errorMessage(result.error, result.response.status));
  return result.data;
}

export const PAGE_SIZE = 20;
