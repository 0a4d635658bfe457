import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express, { type NextFunction, type Request, type Response } from 'express';
import { join } from 'node:path';
import { consoleDistDir, isClientRoute, isConsolePath } from './console-files';

// Vite names every asset after its content: a changed file gets a new name, so the old one may be kept forever.
const IMMUTABLE = 'public, max-age=31536000, immutable';
// index.html names the current assets: always asked again (a 304 is cheap)
const REVALIDATE = 'no-cache';

/**
 * Serves the browser console (web/dist, built by `npm start` / `npm run build:web`) at /, with client routes
 * answered by index.html. Registered after every controller and Swagger, so it only sees what they did not
 * answer, and it leaves /api, /docs, /ws and /health* to the service's own 404.
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  private readonly logger = new Logger('Console');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const dist = consoleDistDir();
    if (!dist) {
      this.logger.warn('The console is not built (web/dist/index.html is missing); run `npm run build:web` to serve it at /');
      return;
    }
    const files = express.static(dist, {
      index: false,
      redirect: false,
      fallthrough: true,
      setHeaders: (response, path) => response.setHeader('Cache-Control', path.startsWith(join(dist, 'assets')) ? IMMUTABLE : REVALIDATE),
    });
    const indexHtml = join(dist, 'index.html');
    this.adapterHost.httpAdapter.use((request: Request, response: Response, next: NextFunction) => {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || !isConsolePath(request.path)) return next();
      files(request, response, (error?: unknown) => {
        if (error || !isClientRoute(request.path)) return next(error);
        response.setHeader('Cache-Control', REVALIDATE);
        response.sendFile(indexHtml, (sendError?: Error) => sendError && next(sendError));
      });
    });
  }
}
