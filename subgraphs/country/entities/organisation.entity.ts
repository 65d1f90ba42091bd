import { Column, Entity } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { ConstituentGroup, OrganisationType } from '../../../contract/enums.js';
import { DatePrecision } from '../../../contract/enums.js';
import { LocalizedText } from '../../../contract/localized-text.js';
import { DateScalar } from '../../../contract/scalars.js';
import { EntityOwnedById } from '../sharding.js';
import { jsonb } from './common.js';
import { NodeInterface } from './node.js';
import { SearchableRecord } from './record.js';

/** A name the sources say an organisation had before. */
@ObjectType()
export class FormerName {
  @Field(() => LocalizedText) name!: LocalizedText;
  @Field(() => DateScalar, { nullable: true, description: 'First day of the period the name ended in.' }) until!: string | null;
  @Field(() => DatePrecision) datePrecision!: DatePrecision;
}

@Entity('organisation')
@ObjectType({ implements: NodeInterface })
@EntityOwnedById()
export class Organisation extends SearchableRecord {
  @Column(jsonb)
  @Field(() => LocalizedText)
  name!: LocalizedText;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  acronym!: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => OrganisationType, { nullable: true })
  type!: OrganisationType | null;

  @Column({ name: 'constituent_group', type: 'text' })
  @Field(() => ConstituentGroup)
  constituentGroup!: ConstituentGroup;

  @Column({ name: 'global_ref', type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Identifies the same real-world organisation across countries (e.g. the IATI org id XM-DAC-41302 for the ILO).',
  })
  globalRef!: string | null;

  @Column(jsonb)
  @Field(() => [LocalizedText], { description: 'What the sources say about the organisation itself (mandate, history, coverage).' })
  about!: LocalizedText[];

  @Column({ ...jsonb, name: 'former_names' })
  @Field(() => [FormerName])
  formerNames!: FormerName[];

  /** The organisation this one is a unit of (same node), as the sources state it; served as `parent`. */
  @Column({ name: 'parent_id', type: 'text', nullable: true })
  parentId!: string | null;

  /** Every wording of the name, the acronym and former names, folded: what an event's text search matches on its organisations. */
  @Column({ name: 'name_search_text', type: 'text' })
  nameSearchText!: string;
}
