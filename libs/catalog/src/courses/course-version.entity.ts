import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CourseContent } from '../content/course-content.types';
import { CourseEntity } from './course.entity';

/** A scheduled version is frozen like a published one and becomes it at `opensAt`. */
export type VersionStatus = 'draft' | 'scheduled' | 'published' | 'archived';

/**
 * One version of a course's content. A draft changes (each save bumps `revision`); publishing
 * freezes it with its content hash; a newer publication archives it. The database refuses any
 * change to a frozen version.
 */
@Entity('course_version')
export class CourseVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'course_id', type: 'uuid' })
  courseId!: string;

  @ManyToOne(() => CourseEntity)
  @JoinColumn({ name: 'course_id' })
  course?: CourseEntity;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'text' })
  status!: VersionStatus;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'jsonb' })
  content!: CourseContent;

  @Column({ name: 'content_hash', type: 'text', nullable: true })
  contentHash!: string | null;

  @Column({ type: 'text', insert: false, update: false })
  title!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'published_by_user_id', type: 'uuid', nullable: true })
  publishedByUserId!: string | null;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  /** When a scheduled version opens to new enrolments: the start of its release date in the academy's zone. */
  @Column({ name: 'opens_at', type: 'timestamptz', nullable: true })
  opensAt!: Date | null;
}
