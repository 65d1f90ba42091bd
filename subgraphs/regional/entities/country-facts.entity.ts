import 'reflect-metadata';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { LocalizedText, SourceRef } from '../../../contract/localized-text.js';
import { CountryCodeScalar, DateScalar } from '../../../contract/scalars.js';
import { jsonb } from './jsonb.js';

/**
 * The regional office's reference facts about a country. Served as the federated `Country`
 * entity: the country nodes add programmes/events/partnerships to the same entity by `code`.
 * Facts the source documents do not state stay null, never guessed.
 */
@Entity('country')
@ObjectType('Country')
@Directive('@key(fields: "code")')
export class CountryFacts {
  @PrimaryColumn({ type: 'char', length: 2 })
  @Field(() => CountryCodeScalar)
  code!: string;

  /** Nullable in the schema only: a country with a node but no regional facts yet has no name here (see schema.ts). */
  @Column(jsonb)
  @Field(() => LocalizedText, { nullable: true })
  name!: LocalizedText | null;

  @Column({ name: 'ilo_member_since', type: 'int', nullable: true })
  @Field(() => Int, { nullable: true })
  iloMemberSince!: number | null;

  @Column({ name: 'ratified_conventions', type: 'int', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'Number of ILO conventions ratified, as declared in the source, and the date of that statement.',
  })
  ratifiedConventions!: number | null;

  /** A `YYYY-MM-DD` string: platform/database.ts keeps pg `date` values as text. */
  @Column({ name: 'ratifications_as_of', type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true })
  ratificationsAsOf!: string | null;

  @Column({ name: 'ilo_office', type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  iloOffice!: string | null;

  @Column(jsonb)
  @Field(() => [SourceRef])
  sources!: SourceRef[];
}
