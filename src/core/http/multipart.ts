import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';

/** After a refusal, the rest of the body is read and dropped (so the client sees the answer) up to this much. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

export const payloadTooLarge = (detail: string) => new HttpException({ detail }, HttpStatus.PAYLOAD_TOO_LARGE);

/** Reads and drops what is left of a refused request body, so the answer reaches the client; a body past DRAIN_LIMIT is cut. */
export function discardRest(request: Request): void {
  if (request.complete || request.destroyed) return;
  let drained = 0;
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT) request.destroy();
  });
  request.resume();
}

/** 415 unless the request is multipart/form-data. */
export function assertMultipart(request: Request, hint: string): void {
  if (!/^multipart\/form-data\s*;/i.test(request.headers['content-type'] ?? '')) {
    discardRest(request);
    throw new HttpException({ detail: `Send multipart/form-data: ${hint}` }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }
}

export interface ReceivedFile {
  filename: string;
  /** As the part declared it (lower-cased, without parameters); `application/octet-stream` when it declared none. */
  mimeType: string;
  data: Buffer;
}

/** One file part in memory, for uploads small enough to hold (a knowledge document): 413 past `maxBytes`, 400 for anything but that one part. */
export function receiveSingleFile(request: Request, options: { field: string; maxBytes: number; sizeLabel: string }): Promise<ReceivedFile> {
  assertMultipart(request, `one "${options.field}" part`);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes + 64 * 1024) {
    discardRest(request);
    return Promise.reject(payloadTooLarge(`The file is larger than the ${options.sizeLabel} limit`));
  }
  return new Promise<ReceivedFile>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        defParamCharset: 'utf8',
        // busboy calls a file that reaches fileSize truncated: one byte more lets a file of exactly the limit through
        // busboy reports partsLimit on reaching the count, not on passing it: one more than the single part allowed
        limits: { fileSize: options.maxBytes + 1, files: 1, fields: 0, parts: 2 },
      });
    } catch (error) {
      discardRest(request);
      reject(new BadRequestException({ detail: `Malformed multipart request: ${(error as Error).message}` }));
      return;
    }
    let received: ReceivedFile | undefined;
    let reading: Promise<void> | undefined;
    let failure: unknown;
    const fail = (error: unknown) => {
      if (failure !== undefined) return;
      failure = error;
      request.unpipe(parser);
      parser.removeAllListeners('close');
      parser.on('error', () => undefined);
      discardRest(request);
      reject(error);
    };
    parser.on('file', (field: string, stream: Readable, info: busboy.FileInfo) => {
      if (failure !== undefined) return void stream.resume();
      if (field !== options.field) {
        stream.resume();
        return fail(new BadRequestException({ detail: `Unexpected file part "${field}": send the file as a "${options.field}" part` }));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        chunks.push(chunk);
      });
      stream.on('limit', () => fail(payloadTooLarge(`The file is larger than the ${options.sizeLabel} limit`)));
      reading = new Promise<void>((done) =>
        stream.on('end', () => {
          const filename = (info.filename ?? '').trim();
          received = { filename, mimeType: (info.mimeType || 'application/octet-stream').toLowerCase(), data: Buffer.concat(chunks, size) };
          done();
        }),
      );
    });
    parser.on('field', (field: string) => fail(new BadRequestException({ detail: `Unexpected form field "${field}": send only the "${options.field}" part` })));
    parser.on('filesLimit', () => fail(new BadRequestException({ detail: `Send one "${options.field}" part` })));
    parser.on('fieldsLimit', () => fail(new BadRequestException({ detail: `Send only the "${options.field}" part` })));
    parser.on('partsLimit', () => fail(new BadRequestException({ detail: `Send one "${options.field}" part` })));
    parser.on('error', (error: Error) => fail(new BadRequestException({ detail: `Malformed multipart request: ${error.message}` })));
    parser.on('close', () => {
      void (reading ?? Promise.resolve()).then(() => {
        if (failure !== undefined) return;
        if (!received) return fail(new BadRequestException({ detail: `No file: send it as a "${options.field}" part` }));
        resolve(received);
      });
    });
    request.on('error', (error) => fail(error));
    request.on('close', () => {
      if (!request.complete) fail(new BadRequestException({ detail: 'The upload was interrupted' }));
    });
    request.pipe(parser);
  });
}
