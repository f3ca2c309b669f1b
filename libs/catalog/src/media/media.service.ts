import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AuditService, Clock, Database, RequestContext } from '@academy/core';
import { MediaRepository } from './media.repository';
import { CatalogError, CatalogErrorCode } from '../catalog-error';
import { MediaAssetEntity, MediaType } from './media-asset.entity';

export const MEDIA_MAX_BYTES = 5 * 1024 * 1024;

/** The image type the bytes really are (by their signature), whatever the upload claimed. */
export function sniffImageType(bytes: Buffer): MediaType | undefined {
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return 'image/png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'image/jpeg';
  }
  if (bytes.length >= 6 && ['GIF87a', 'GIF89a'].includes(bytes.subarray(0, 6).toString('latin1'))) {
    return 'image/gif';
  }
  if (
    bytes.length >= 12 &&
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return 'image/webp';
  }
  return undefined;
}

/** Lesson images: checked by content, capped in size, stored once per content (SHA-256). */
@Injectable()
export class MediaService {
  constructor(
    private readonly db: Database,
    private readonly media: MediaRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async upload(bytes: Buffer, fileName: string): Promise<MediaAssetEntity> {
    if (bytes.length > MEDIA_MAX_BYTES) {
      throw new CatalogError(CatalogErrorCode.MEDIA_TOO_LARGE, 'Images may be at most 5 MB.', 'file');
    }
    const contentType = sniffImageType(bytes);
    if (!contentType) {
      throw new CatalogError(
        CatalogErrorCode.MEDIA_TYPE_REFUSED,
        'Upload a PNG, JPEG, WebP or GIF image.',
        'file',
      );
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return this.db.withTransaction(async () => {
      const asset = await this.media.insertOrFind({
        sha256,
        contentType,
        byteSize: bytes.length,
        bytes,
        fileName: fileName.replace(/[^\w.\- ]+/g, '_').slice(0, 200) || 'image',
        createdAt: this.clock.now(),
        lessonOnly: false,
        createdByUserId: RequestContext.current()?.actorUserId ?? null,
      });
      await this.audit.record({
        action: 'media.uploaded',
        subjectType: 'media',
        subjectId: asset.id,
        details: { sha256, contentType, byteSize: bytes.length },
      });
      return asset;
    });
  }

  /** An image with its bytes, for serving; `public` refuses lesson figures' images (they have their lesson's access). */
  async get(id: string, audience: 'public' | 'lesson' = 'lesson'): Promise<MediaAssetEntity> {
    const asset = await this.media.findWithBytes(id);
    if (!asset || (audience === 'public' && asset.lessonOnly)) {
      throw new CatalogError(CatalogErrorCode.MEDIA_NOT_FOUND, 'No such image.');
    }
    return asset;
  }
}
