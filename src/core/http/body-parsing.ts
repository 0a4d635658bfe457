import { BadRequestException, HttpException, HttpStatus, INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { PayloadTooLargeError } from './api-errors';

export type RequestWithRawBody = Request & { rawBody?: Buffer };

function toHttpError(error: { type?: string; message?: string }, limit: string): unknown {
  switch (error.type) {
    case 'entity.parse.failed':
      return new BadRequestException({ detail: 'Malformed JSON body' });
    case 'entity.too.large':
      return new PayloadTooLargeError(limit);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpException({ detail: 'Unsupported body encoding' }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    default:
      return error;
  }
}

/** JSON and form bodies within `limit`; the raw bytes are kept for signature checks (webhooks). */
export function configureBodyParsing(app: INestApplication, limit: string): void {
  const keepRawBody = (req: RequestWithRawBody, _res: Response, buffer: Buffer) => {
    req.rawBody = buffer;
  };
  // any JSON value parses (a body of the wrong type is refused by the route, after its credentials are checked)
  app.use(express.json({ limit, strict: false, verify: keepRawBody }));
  app.use(express.urlencoded({ limit, extended: false }));
  app.use((error: { type?: string }, _req: Request, _res: Response, next: NextFunction) => next(toHttpError(error, limit)));
}
