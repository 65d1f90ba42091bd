import { Column, Entity } from 'typeorm';
import { Field, Int, ObjectType } from 'type-graphql';
import { ActivityStatus, DatePrecision, Theme } from '../../../contract/enums.js';
import { LocalizedText } from '../../../contract/localized-text.js';
import { CountryCodeScalar, DateScalar } from '../../../contract/scalars.js';
import { EntityOwnedById } from '../sharding.js';
import { Contact, jsonb } from './common.js';
import { NodeInterface } from './node.js';
import { SearchableRecord } from './record.js';

/** An objective as stored in `objectives`: its text, and the themes it is about (absent: none stated). */
export type StoredObjective = LocalizedText & { themes?: Theme[] };

/** One of a programme's objectives with its themes, so "objectives about social protection" is a filter. */
@ObjectType()
export class ThemedObjective {
  @Field(() => Int, { description: "Its place in the programme's objectives, from 1 (the documents' own numbering where they number them)." })
  position!: number;
  @Field(() => LocalizedText) text!: LocalizedText;
  @Field(() => [Theme]) themes!: Theme[];
}

@Entity('programme')
@ObjectType({ description: "Every id starts with the owning country's code and a colon, e.g. KG:EVT:2016-10-28-employers.", implements: NodeInterface })
@EntityOwnedById()
export class Programme extends SearchableRecord {
  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Shared by the country components of one multi-country programme, e.g. SSE-ASIA.' })
  code!: string | null;

  @Column(jsonb)
  @Field(() => LocalizedText)
  title!: LocalizedText;

  @Column({ ...jsonb, nullable: true })
  @Field(() => LocalizedText, { nullable: true })
  summary!: LocalizedText | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => ActivityStatus, {
    nullable: true,
    description: 'As the cited source presents it at its own date (see statusAsOf); null when no source states it.',
  })
  status!: ActivityStatus | null;

  @Column({ name: 'status_as_of', type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: "The date the status holds for (the source's own date); null when the source is undated." })
  statusAsOf!: string | null;

  @Column({ name: 'start_date', type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true })
  startDate!: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true })
  endDate!: string | null;

  @Column({ name: 'date_precision', type: 'text' })
  @Field(() => DatePrecision)
  datePrecision!: DatePrecision;

  /** Covered day range (see coveredRange); derived on every write. */
  @Column({ name: 'range_start', type: 'date', nullable: true })
  rangeStart!: string | null;

  @Column({ name: 'range_end', type: 'date', nullable: true })
  rangeEnd!: string | null;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true })
  phase!: number | null;

  @Column({ name: 'recipient_countries', type: 'text', array: true })
  @Field(() => [CountryCodeScalar])
  recipientCountries!: string[];

  @Column({ type: 'text', array: true })
  @Field(() => [Theme])
  themes!: Theme[];

  @Column(jsonb)
  @Field(() => [LocalizedText])
  objectives!: StoredObjective[];

  @Column(jsonb)
  @Field(() => [LocalizedText], { description: 'What the programme did or plans that is no event of its own (a report prepared, a survey planned).' })
  activities!: LocalizedText[];

  @Column({ name: 'convention_numbers', type: 'int', array: true })
  conventionNumbers!: number[];

  @Column(jsonb)
  @Field(() => [Contact])
  contacts!: Contact[];

  @Column({ type: 'text', array: true })
  @Field(() => [String])
  links!: string[];
}
