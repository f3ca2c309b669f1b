import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An accreditation body or other verifier that checks certificates through the API. */
@Entity('verifier_organisation')
export class VerifierOrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
