import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@academy/core';

export const DEGREES = ['MD', 'DO', 'MBBS', 'NP', 'PA', 'RN', 'other'] as const;
export type Degree = (typeof DEGREES)[number];

@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-case: e-mail addresses are unique regardless of case. */
  @Column({ type: 'text' })
  email!: string;

  /** When the holder confirmed the address by the link sent to it; null until then (certificates wait). */
  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  /** Since when the account signs in with a second factor (an authenticator app or a passkey); null without. */
  @Column({ name: 'second_factor_at', type: 'timestamptz', nullable: true })
  secondFactorAt!: Date | null;

  /** The IANA zone the person reads dates in (their browser's, or chosen on the profile); null until known. */
  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone!: string | null;

  @Column({ name: 'full_name', type: 'text' })
  fullName!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text', array: true })
  roles!: Role[];

  @Column({ type: 'text', nullable: true })
  degree!: Degree | null;

  @Column({ type: 'text', nullable: true })
  specialty!: string | null;

  @Column({ type: 'text', nullable: true })
  npi!: string | null;

  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  /** Whether the member manages the organisation's API keys (a CHECK keeps it to members). */
  @Column({ name: 'organisation_manager', type: 'boolean', default: false })
  organisationManager!: boolean;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  /** When the person's data was replaced by placeholders on their request (the account stays, disabled). */
  @Column({ name: 'anonymised_at', type: 'timestamptz', nullable: true })
  anonymisedAt!: Date | null;

  @Column({ name: 'password_changed_at', type: 'timestamptz' })
  passwordChangedAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
