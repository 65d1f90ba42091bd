import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { OrganisationRole, PartnershipBasis } from '../../../shared/enums.js';
import { LocalizedText, SourceRef } from '../../../shared/localized-text.js';
import { DateScalar, DateTimeScalar } from '../../../shared/scalars.js';
import { jsonb } from './common.js';

@Entity('partnership')
@ObjectType()
@Directive('@key(fields: "id")')
export class Partnership {
  @PrimaryColumn('text')
  @Field(() => ID)
  id: string;

  @Column({ name: 'country', type: 'char', length: 2 })
  countryCode: string;

  @Column({ name: 'organisation_id', type: 'text' })
  organisationId: string;

  @Column({ name: 'programme_id', type: 'text', nullable: true })
  programmeId: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => OrganisationRole, { nullable: true })
  role: OrganisationRole | null;

  @Column('text')
  @Field(() => PartnershipBasis)
  basis: PartnershipBasis;

  @Column({ ...jsonb, nullable: true })
  @Field(() => LocalizedText, { nullable: true })
  description: LocalizedText | null;

  @Column({ name: 'start_date', type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true })
  startDate: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true })
  endDate: string | null;

  @Column(jsonb)
  @Field(() => [SourceRef])
  sources: SourceRef[];

  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  @Field(() => DateTimeScalar)
  updatedAt: Date;

  @Column('int')
  @Field(() => Int)
  version: number;
}
