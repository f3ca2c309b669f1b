import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import type { VideoType } from './video-probe';

export interface StoredVideo {
  id: string;
  sha256: string;
  contentType: VideoType;
  byteSize: number;
  chunkSize: number;
  durationMs: number;
}

export interface StoredCaptions {
  id: string;
  sha256: string;
  body: string;
}

/** Figures' variants, videos (in chunks) and captions, each stored once per content. */
@Injectable()
export class LessonMediaRepository {
  constructor(private readonly db: Database) {}

  /** Records a figure's size and keeps its image to those who may see its lesson. */
  async setImageSize(assetId: string, width: number, height: number): Promise<void> {
    await this.db.execute(
      `UPDATE media_asset SET width = $2, height = $3, lesson_only = true WHERE id = $1`,
      [assetId, width, height],
    );
  }

  async insertVariant(assetId: string, width: number, contentType: string, bytes: Buffer): Promise<void> {
    await this.db.execute(
      `INSERT INTO media_variant (asset_id, width, content_type, bytes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (asset_id, width) DO NOTHING`,
      [assetId, width, contentType, bytes],
    );
  }

  /** The variant of an image at exactly this width, or null (then the original is served). */
  async findVariant(assetId: string, width: number): Promise<{ contentType: string; bytes: Buffer } | null> {
    const rows: { content_type: string; bytes: Buffer }[] = await this.db.manager.query(
      `SELECT content_type, bytes FROM media_variant WHERE asset_id = $1 AND width = $2`,
      [assetId, width],
    );
    return rows[0] ? { contentType: rows[0].content_type, bytes: rows[0].bytes } : null;
  }

  /** Stores the video's header row unless the same bytes are stored; true when this call stored it. */
  async insertVideo(
    video: Omit<StoredVideo, 'id'> & { fileName: string; createdAt: Date; createdByUserId: string | null },
  ): Promise<{ id: string; created: boolean }> {
    const { rows } = await this.db.execute<{ id: string }>(
      `INSERT INTO media_video (sha256, content_type, byte_size, chunk_size, duration_ms, file_name, created_at, created_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (sha256) DO NOTHING RETURNING id`,
      [
        video.sha256,
        video.contentType,
        video.byteSize,
        video.chunkSize,
        video.durationMs,
        video.fileName,
        video.createdAt,
        video.createdByUserId,
      ],
    );
    if (rows[0]) {
      return { id: rows[0].id, created: true };
    }
    const existing: { id: string }[] = await this.db.manager.query(
      `SELECT id FROM media_video WHERE sha256 = $1`,
      [video.sha256],
    );
    return { id: existing[0]!.id, created: false };
  }

  /** Stores consecutive chunks of a video in one statement. */
  async insertChunks(videoId: string, firstSeq: number, chunks: Buffer[]): Promise<void> {
    const values = chunks.map((_, index) => `($1, $${index * 2 + 2}, $${index * 2 + 3})`).join(', ');
    await this.db.execute(`INSERT INTO media_video_chunk (video_id, seq, bytes) VALUES ${values}`, [
      videoId,
      ...chunks.flatMap((chunk, index) => [firstSeq + index, chunk]),
    ]);
  }

  async findVideo(id: string): Promise<StoredVideo | null> {
    const rows: {
      id: string;
      sha256: string;
      content_type: VideoType;
      byte_size: string;
      chunk_size: number;
      duration_ms: number;
    }[] = await this.db.manager.query(
      `SELECT id, sha256, content_type, byte_size, chunk_size, duration_ms FROM media_video WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          sha256: row.sha256,
          contentType: row.content_type,
          byteSize: Number(row.byte_size),
          chunkSize: row.chunk_size,
          durationMs: row.duration_ms,
        }
      : null;
  }

  /** The chunks `from` to `to` (included), in order. */
  async findChunks(videoId: string, from: number, to: number): Promise<{ seq: number; bytes: Buffer }[]> {
    return this.db.manager.query(
      `SELECT seq, bytes FROM media_video_chunk WHERE video_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq`,
      [videoId, from, to],
    );
  }

  async insertOrFindCaptions(
    sha256: string,
    body: string,
    createdAt: Date,
    createdByUserId: string | null,
  ): Promise<string> {
    await this.db.execute(
      `INSERT INTO media_captions (sha256, body, created_at, created_by_user_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO NOTHING`,
      [sha256, body, createdAt, createdByUserId],
    );
    const rows: { id: string }[] = await this.db.manager.query(
      `SELECT id FROM media_captions WHERE sha256 = $1`,
      [sha256],
    );
    return rows[0]!.id;
  }

  async findCaptions(id: string): Promise<StoredCaptions | null> {
    const rows: StoredCaptions[] = await this.db.manager.query(
      `SELECT id, sha256, body FROM media_captions WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}
