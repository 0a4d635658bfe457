import type { IncomingMessage } from 'node:http';
import { ForbiddenException, HttpException, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { isUUID, validate } from 'class-validator';
import type { RawData, WebSocket } from 'ws';
import type { Actor, AdminPrincipal } from '../../core/auth/principal';
import { bearerTokenOf } from '../../core/auth/tokens';
import { normalizeError } from '../../core/http/filters/normalize-error';
import { BusMessage, EventBus } from '../../core/realtime/event-bus';
import { sendFrame, WsRouter } from '../../core/realtime/ws-router';
import { AdminCredentialsService } from '../auth/admin-credentials.service';
import { BoardsService } from '../boards/boards.service';
import { TaskCreateFrame, TaskMoveFrame } from './dto/board-sync.dto';
import { boardChannel, TaskChangedEvent, TaskCreatedEvent, TaskDeletedEvent } from './task-events';
import { TasksService } from './tasks.service';

export const BOARD_SYNC_PATH = '/ws/board/:boardId/sync';

const CLOSE_UNAUTHENTICATED = 4401;
const CLOSE_FORBIDDEN = 4403;
const CLOSE_NOT_FOUND = 4404;

const now = () => new Date().toISOString();
/** The document calls an admin "user" in board frames. */
const updatedBy = (actor: Actor) => ({ type: actor.type === 'admin' ? 'user' : actor.type, id: actor.id });

const ERROR_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'INVALID_TOKEN',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
};

/**
 * `/ws/board/{board_id}/sync`: an admin console's live view of one board. On connect it gets `board.state`;
 * then every task change on the board, whoever made it and on whichever instance, as `task.created`,
 * `task.updated` and `task.deleted`. Its own `task.move` / `task.create` frames go through the same rules as REST.
 */
@Injectable()
export class BoardSyncGateway implements OnModuleInit {
  private readonly frames = new WeakMap<BusMessage, string>();

  constructor(
    private readonly router: WsRouter,
    private readonly bus: EventBus,
    private readonly credentials: AdminCredentialsService,
    private readonly boards: BoardsService,
    private readonly tasks: TasksService,
  ) {}

  onModuleInit(): void {
    this.router.register(BOARD_SYNC_PATH, (socket, params, request) => this.connect(socket, params.boardId, request));
  }

  private async connect(socket: WebSocket, boardId: string, request: IncomingMessage): Promise<void> {
    // frames a client sends while we are still checking it are kept, not lost
    const early: string[] = [];
    const keepEarly = (data: RawData) => early.push(data.toString());
    socket.on('message', keepEarly);
    const principal = await this.authenticate(socket, request);
    if (!principal) return;
    try {
      if (!isUUID(boardId)) throw new NotFoundException({ detail: 'Board not found' });
      await this.boards.load(principal, boardId);
    } catch (error) {
      const { status, detail } = normalizeError(error);
      sendFrame(socket, { type: 'error', payload: { code: ERROR_CODES[status] ?? 'ERROR', message: detail } });
      socket.close(status === 403 ? CLOSE_FORBIDDEN : CLOSE_NOT_FOUND, detail.slice(0, 120));
      return;
    }

    // subscribe before reading the state, so nothing that happens in between is missed
    const unsubscribe = this.bus.subscribe(boardChannel(boardId), (message) => sendFrame(socket, this.serialised(message)));
    socket.on('close', unsubscribe);
    sendFrame(socket, { type: 'board.state', board_id: boardId, tasks: await this.tasks.boardState(principal, boardId), timestamp: now() });
    socket.off('message', keepEarly);
    socket.on('message', (data) => void this.onFrame(socket, principal, boardId, data.toString()));
    for (const frame of early) await this.onFrame(socket, principal, boardId, frame);
  }

  /** `Authorization: Bearer` or `?token=` (browsers cannot set headers on a WebSocket). */
  private async authenticate(socket: WebSocket, request: IncomingMessage): Promise<AdminPrincipal | null> {
    const token = bearerTokenOf(request.headers) ?? new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
    if (!token) {
      sendFrame(socket, { type: 'error', payload: { code: 'AUTH_REQUIRED', message: 'Send an admin token as Bearer or ?token=' } });
      socket.close(CLOSE_UNAUTHENTICATED, 'Authentication required');
      return null;
    }
    try {
      return await this.credentials.authenticate(token);
    } catch {
      sendFrame(socket, { type: 'error', payload: { code: 'INVALID_TOKEN', message: 'Missing or invalid credentials' } });
      socket.close(CLOSE_UNAUTHENTICATED, 'Invalid token');
      return null;
    }
  }

  /** Every socket of a board gets the same message object: build and serialise its frame once. */
  private serialised(message: BusMessage): string {
    let json = this.frames.get(message);
    if (json === undefined) {
      json = JSON.stringify(this.frameOf(message));
      this.frames.set(message, json);
    }
    return json;
  }

  private frameOf(message: BusMessage): unknown {
    switch (message.type) {
      case 'task.created': {
        const event = message.payload as TaskCreatedEvent;
        return { type: 'task.created', task: event.task, timestamp: now() };
      }
      case 'task.updated': {
        const event = message.payload as TaskChangedEvent;
        return { type: 'task.updated', task_id: event.task_id, changes: event.changes, task: event.task, updated_by: updatedBy(event.by), timestamp: now() };
      }
      case 'task.deleted': {
        const event = message.payload as TaskDeletedEvent;
        return { type: 'task.deleted', task_id: event.task_id, timestamp: now() };
      }
      default:
        return { type: message.type, ...(message.payload as object) };
    }
  }

  /** A client's frame; a refusal answers that socket alone with an error frame and changes nothing. */
  private async onFrame(socket: WebSocket, principal: AdminPrincipal, boardId: string, raw: string): Promise<void> {
    try {
      let frame: { type?: unknown };
      try {
        frame = JSON.parse(raw);
      } catch {
        throw new HttpException({ detail: 'Frames are JSON objects' }, 400);
      }
      if (frame?.type === 'task.move') {
        const move = await this.validFrame(TaskMoveFrame, frame);
        const task = await this.tasks.load(principal, move.task_id);
        if (task.boardId !== boardId) throw new ForbiddenException({ detail: 'That task is on another board' });
        await this.tasks.update(principal, move.task_id, { status: move.status });
      } else if (frame?.type === 'task.create') {
        const create = await this.validFrame(TaskCreateFrame, frame);
        const { type: _type, ...fields } = create;
        await this.tasks.create(principal, { board_id: boardId, ...fields });
      } else {
        throw new HttpException({ detail: 'Unknown frame type; send task.move or task.create' }, 400);
      }
    } catch (error) {
      const { status, detail } = normalizeError(error);
      sendFrame(socket, { type: 'error', payload: { code: ERROR_CODES[status] ?? 'ERROR', message: detail } });
    }
  }

  private async validFrame<T extends object>(type: new () => T, frame: object): Promise<T> {
    const instance = plainToInstance(type, frame);
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      const first = errors[0];
      throw new HttpException({ detail: Object.values(first.constraints ?? {})[0] ?? `${first.property} is invalid` }, 422);
    }
    return instance;
  }
}
