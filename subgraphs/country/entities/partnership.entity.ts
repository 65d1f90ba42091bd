import { Column, Entity } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { OrganisationRole, PartnershipBasis } from '../../../contract/enums.js';
import { LocalizedText } from '../../../contract/localized-text.js';
import { DateScalar } from '../../../contract/scalars.js';
import { EntityOwnedById } from '../sharding.js';
import { jsonb } from './common.js';
import { NodeInterface } from './node.js';
import { CountryRecord } from './record.js';

@Entity('partnership')
@ObjectType({ implements: NodeInterface })
@EntityOwnedById()
export class Partnership extends CountryRecord {
  @Column({ name: 'organisation_id', type: 'text' })
  organisationId!: string;

  @Column({ name: 'programme_id', type: 'text', nullable: true })
  programmeId!: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => OrganisationRole, { nullable: true })
  role!: OrganisationRole | null;

  @Column('text')
  @Field(() => PartnershipBasis)
  basis!: PartnershipBasis;

  @Column({ ...jsonb, nullable: true })
  @Field(() => LocalizedText, { nullable: true })
  description!: LocalizedText | null;

  @Column({ name: 'start_date', type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true })
  startDate!: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true })
  endDate!: string | null;
}
