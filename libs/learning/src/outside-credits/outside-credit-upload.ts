import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify/multipart';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { catchError, Observable, throwError } from 'rxjs';
import { LearningError, LearningErrorCode } from '../learning-error';
import { CERTIFICATE_FILE_MAX_BYTES } from './certificate-file';
import type { UploadedCertificate } from './outside-credits.service';

/** The parser's "File too large" said in words, naming the field, for the API. */
@Injectable()
export class CertificateTooLarge implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(
        catchError((error: unknown) =>
          throwError(() =>
            error instanceof PayloadTooLargeException
              ? new LearningError(LearningErrorCode.FILE_TOO_LARGE, 'file may be at most 5 MB.', 'file')
              : error,
          ),
        ),
      );
  }
}

/**
 * An outside credit's form as multipart: its certificate file (5 MB) and its text fields (a JSON
 * body passes through untouched). Field text keeps the string rule: the API's through
 * `MultipartFieldsRule` listed after it, the page's through `parseForm`.
 */
export const CertificateUpload = FileInterceptor('file', {
  limits: { fileSize: CERTIFICATE_FILE_MAX_BYTES, files: 1, fields: 8, fieldSize: 4096 },
});

/** The file chosen, or null when none was (a browser sends an empty, unnamed part for that). */
export function chosenCertificate(file: UploadedMultipartFile | undefined): UploadedCertificate | null {
  if (!file?.buffer || (file.buffer.length === 0 && !file.originalname)) {
    return null;
  }
  return { bytes: file.buffer, fileName: file.originalname ?? '' };
}
