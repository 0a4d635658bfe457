import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const IDLE_SWEEP_MS = 100;

/**
 * On shutdown, answers still in flight finish normally but carry `Connection: close`, and keep-alive
 * connections that fall idle are closed at once instead of holding the process for their timeout.
 * Returns the function that starts draining.
 */
export function installConnectionDraining(app: INestApplication): () => void {
  let draining = false;
  app.use((_request: Request, response: Response, next: NextFunction) => {
    if (draining) response.setHeader('Connection', 'close');
    next();
  });
  return () => {
    if (draining) return;
    draining = true;
    const server = app.getHttpServer() as Server;
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS).unref();
  };
}
