import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A learner's place in one course, on the version that was published when they enrolled. */
@Entity('enrolment')
export class EnrolmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'course_id', type: 'uuid' })
  courseId!: string;

  @Column({ name: 'course_version_id', type: 'uuid' })
  courseVersionId!: string;

  @Column({ name: 'enrolled_at', type: 'timestamptz' })
  enrolledAt!: Date;

  /** When the learner acknowledged the disclosures and accreditation statement (ACCME: before starting). */
  @Column({ name: 'disclosures_acknowledged_at', type: 'timestamptz', nullable: true })
  disclosuresAcknowledgedAt!: Date | null;

  /** When the learner met the skills-lab requirement (checklist signed at the required levels); set by the skills lab. */
  @Column({ name: 'lab_completed_at', type: 'timestamptz', nullable: true })
  labCompletedAt!: Date | null;
}
