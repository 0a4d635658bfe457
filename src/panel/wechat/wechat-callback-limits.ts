import { BadRequestException, CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { catchError, Observable, throwError } from 'rxjs';

/** What one callback may carry: a received file (image, video, voice, attachment) and the small text fields. */
export const WECHAT_CALLBACK_LIMITS = {
  fileSize: 25 * 1024 * 1024,
  files: 1,
  fieldSize: 1024 * 1024,
  fields: 16,
  parts: 17,
};

/** The multipart parser of the callback, in memory, within {@link WECHAT_CALLBACK_LIMITS}. */
export const WechatCallbackForm = AnyFilesInterceptor({ limits: WECHAT_CALLBACK_LIMITS });

const TOO_LARGE = new Set(['LIMIT_FILE_SIZE', 'LIMIT_FIELD_VALUE']);

/** A file or field over its limit is a 413 that names the limit; other multipart faults stay 400s. */
@Injectable()
export class WechatCallbackLimitsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const code = (error as { cause?: { code?: unknown } })?.cause?.code;
        if (typeof code === 'string' && TOO_LARGE.has(code)) {
          const limit = code === 'LIMIT_FILE_SIZE' ? `${WECHAT_CALLBACK_LIMITS.fileSize / 1024 / 1024} MiB per file` : `${WECHAT_CALLBACK_LIMITS.fieldSize / 1024 / 1024} MiB per field`;
          return throwError(() => new PayloadTooLargeException({ detail: `The callback form exceeds its limit (${limit})` }));
        }
        if (error instanceof BadRequestException && error.getStatus() === HttpStatus.BAD_REQUEST && code !== undefined) {
          return throwError(() => new BadRequestException({ detail: `Malformed callback form: ${error.message}` }));
        }
        return throwError(() => error);
      }),
    );
  }
}
