import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { PersonRoleKind } from '../../../contract/enums.js';
import { LocalizedText } from '../../../contract/localized-text.js';
import { DateScalar } from '../../../contract/scalars.js';
import { EntityOwnedById } from '../sharding.js';
import { jsonb } from './common.js';
import { NodeInterface } from './node.js';
import { SearchableRecord } from './record.js';

@Entity('person')
@ObjectType({ description: 'A person named in the sources. Ids: `<CC>:PER:<slug>`.', implements: NodeInterface })
@EntityOwnedById()
export class Person extends SearchableRecord {
  @Column(jsonb)
  @Field(() => LocalizedText, { description: 'The name as the source writes it (original) with transliterations/translations.' })
  name!: LocalizedText;

  @Column({ ...jsonb, name: 'name_variants' })
  @Field(() => [LocalizedText], { description: "Other spellings of the same name seen in this office's sources (e.g. another script)." })
  nameVariants!: LocalizedText[];

  @Column({ name: 'global_ref', type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: "Identifies the same real person across countries. Null where the sources don't allow it." })
  globalRef!: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  phone!: string | null;
}

/** What a person was or did, as one source states it; stored one row per role, in the order given. */
@Entity('person_role')
@ObjectType('PersonRole', { description: 'What a person was or did, as one source states it, with the date the source states it for.' })
export class PersonRole {
  @PrimaryColumn({ name: 'person_id', type: 'text' })
  personId!: string;

  @PrimaryColumn('int')
  position!: number;

  @Column(jsonb)
  @Field(() => LocalizedText, { description: 'e.g. "National Coordinator", "moderator of the meeting", "Minister of Labour and Social Protection".' })
  title!: LocalizedText;

  @Column({ name: 'organisation_id', type: 'text', nullable: true })
  organisationId!: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => PersonRoleKind, { nullable: true, description: 'A post held, or what the person did at the event (null: not said).' })
  kind!: PersonRoleKind | null;

  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId!: string | null;

  @Column({ name: 'programme_id', type: 'text', nullable: true })
  programmeId!: string | null;

  @Column({ name: 'as_of', type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true })
  asOf!: string | null;
}
