import { fieldError } from '../../core/http/api-errors';
import { LiveActivityItemDto } from './dto/command-center.dto';

/** The columns an activity row is read with, its exact position (microseconds, UTC) included. */
export const LIVE_COLUMNS = `e.id, e.action, e.summary, e.created_at, e.organization_id, e.actor_type, e.actor_id, e.target_type, e.target_id, e.board_id,
  to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS position`;

export interface LiveRow {
  id: string;
  action: string;
  summary: string;
  created_at: Date;
  organization_id: string | null;
  actor_type: string;
  actor_id: string | null;
  target_type: string;
  target_id: string | null;
  board_id: string | null;
  position: string;
}

export function liveItemOf(row: LiveRow): LiveActivityItemDto {
  return {
    id: row.id,
    type: row.action,
    summary: row.summary,
    created_at: new Date(row.created_at).toISOString(),
    organization_id: row.organization_id,
    actor: { type: row.actor_type, id: row.actor_id },
    target: { type: row.target_type, id: row.target_id },
    board_id: row.board_id,
  };
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6})\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** A row's place in the trail's order (created_at, id), opaque to clients. */
export function cursorOf(row: Pick<LiveRow, 'position' | 'id'>): string {
  return Buffer.from(`${row.position}|${row.id}`).toString('base64url');
}

/** The place a cursor names, or null when it is not one of ours (`field` names it in the 422 when `strict`). */
export function positionOf(cursor: string): { position: string; id: string } | null {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || Number.isNaN(Date.parse(`${match[1]}Z`))) return null;
  return { position: match[1], id: match[2] };
}

export function requirePosition(cursor: string, field: string): { position: string; id: string } {
  const position = positionOf(cursor);
  if (!position) throw fieldError(field, `${field} must be a cursor this route answered`);
  return position;
}
