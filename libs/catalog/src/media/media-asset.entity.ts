import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** An image uploaded for lessons, stored in PostgreSQL with the rest of the record. */
@Entity('media_asset')
export class MediaAssetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: MediaType;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize!: number;

  @Column({ type: 'bytea', select: false })
  bytes!: Buffer;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** A lesson figure's image: served only through its lesson, to those who may see it. */
  @Column({ name: 'lesson_only', type: 'boolean', default: false })
  lessonOnly!: boolean;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId!: string | null;
}
