import { SetMetadata } from '@nestjs/common';

/** Event (or job) names and their payloads: each API side declares one map, and the machinery is typed over it. */
export type PayloadMap = object;

/** A domain event as its handlers receive it. */
export interface DomainEvent<N extends string = string, P = unknown> {
  id: string;
  name: N;
  payload: P;
  organizationId: string | null;
  occurredAt: string;
}

export type EventOf<M extends PayloadMap, K extends keyof M & string> = { [N in K]: DomainEvent<N, M[N]> }[K];

/** What a handler knows about the attempt it is making. */
export interface JobContext {
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  /** True when a failure now is final: the handler should leave a visible failed state. */
  lastAttempt: boolean;
}

/** How a handler's queue retries: `retryLimit` retries after the first try, `retryDelaySeconds` growing with back-off. */
export interface RetryPolicy {
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** How long one try may run. */
  expireInSeconds?: number;
  /** Jobs (or, for a batch handler, batches) of this queue one instance runs at once (handlers that mostly wait on the database gain from more). */
  concurrency?: number;
}

/** How a batch handler's queue hands out jobs: at most `batchSize` to one call. */
export interface BatchPolicy extends RetryPolicy {
  batchSize?: number;
}

/** One job of a batch, as a batch handler receives it. */
export interface BatchItem<A> {
  data: A;
  context: JobContext;
}

/** The jobs of a batch that failed, by job id (each is retried on its own); every other job of the batch is done. */
export type BatchFailures = Map<string, unknown>;

export const ON_EVENT = Symbol('jobs:on-event');
export const ON_JOB = Symbol('jobs:on-job');
export const ON_SCHEDULE = Symbol('jobs:on-schedule');

export interface OnEventMetadata extends BatchPolicy {
  events: string[];
  /** The handler takes a batch of events per call. */
  batch?: boolean;
}
export interface OnJobMetadata extends RetryPolicy {
  name: string;
}
export interface OnScheduleMetadata extends RetryPolicy {
  name: string;
  cron: string;
  timezone?: string;
}

/** A handler method may leave out the context; its parameter must accept what it is given. */
type HandlerMethod<A> = (argument: A, context: JobContext) => Promise<void>;

/**
 * `@OnEvent('task.created', …)` for one API side's event map: the method is a handler that receives each
 * event once (through the outbox and a job), after the transaction that recorded it has committed. A
 * payload type that does not match the map fails the type check.
 */
export function eventHandlerDecorator<M extends PayloadMap>() {
  return <K extends keyof M & string>(events: K | K[], policy: RetryPolicy = {}) =>
    <T extends HandlerMethod<EventOf<M, K>>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>) =>
      SetMetadata<symbol, OnEventMetadata>(ON_EVENT, { ...policy, events: Array.isArray(events) ? events : [events] })(target, key, descriptor);
}

/**
 * `@OnEvents('task.updated', …)`: as `eventHandlerDecorator`, but the method receives up to `batchSize` events
 * per call (one transaction for many, when the handler can) and answers the ones that failed.
 */
export function eventBatchHandlerDecorator<M extends PayloadMap>() {
  return <K extends keyof M & string>(events: K | K[], policy: BatchPolicy = {}) =>
    <T extends (items: Array<BatchItem<EventOf<M, K>>>) => Promise<BatchFailures>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>) =>
      SetMetadata<symbol, OnEventMetadata>(ON_EVENT, { ...policy, events: Array.isArray(events) ? events : [events], batch: true })(target, key, descriptor);
}

/** `@OnJob('pipeline.step')` for one API side's job map: the method runs each job sent under that name. */
export function jobHandlerDecorator<J extends PayloadMap>() {
  return <K extends keyof J & string>(name: K, policy: RetryPolicy = {}) =>
    <T extends HandlerMethod<J[K]>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>) =>
      SetMetadata<symbol, OnJobMetadata>(ON_JOB, { ...policy, name })(target, key, descriptor);
}

/** `@OnSchedule({name, cron, timezone})`: the method runs on every tick, on one instance only. */
export function OnSchedule(schedule: OnScheduleMetadata) {
  return <T extends HandlerMethod<Record<string, never>>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>) =>
    SetMetadata<symbol, OnScheduleMetadata>(ON_SCHEDULE, schedule)(target, key, descriptor);
}
