import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Field, Int, ObjectType } from 'type-graphql';
import { DatePrecision, EventType, Theme } from '../../../contract/enums.js';
import { LocalizedText } from '../../../contract/localized-text.js';
import { DateScalar } from '../../../contract/scalars.js';
import { EntityOwnedById } from '../sharding.js';
import { jsonb } from './common.js';
import { NodeInterface } from './node.js';
import { SearchableRecord } from './record.js';

@Entity('event')
@ObjectType({ implements: NodeInterface })
@EntityOwnedById()
export class Event extends SearchableRecord {
  @Column(jsonb)
  @Field(() => LocalizedText)
  title!: LocalizedText;

  @Column({ ...jsonb, nullable: true })
  @Field(() => LocalizedText, { nullable: true })
  summary!: LocalizedText | null;

  @Column('text')
  @Field(() => EventType)
  type!: EventType;

  @Column({ name: 'start_date', type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true })
  startDate!: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true })
  endDate!: string | null;

  @Column({ name: 'date_precision', type: 'text' })
  @Field(() => DatePrecision)
  datePrecision!: DatePrecision;

  @Column({ name: 'range_start', type: 'date', nullable: true })
  rangeStart!: string | null;

  @Column({ name: 'range_end', type: 'date', nullable: true })
  rangeEnd!: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  city!: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  venue!: string | null;

  @Column('boolean')
  @Field(() => Boolean)
  online!: boolean;

  @Column({ name: 'programme_id', type: 'text', nullable: true })
  programmeId!: string | null;

  @Column({ name: 'participant_count', type: 'int', nullable: true })
  @Field(() => Int, { nullable: true })
  participantCount!: number | null;

  @Column({ name: 'presentation_count', type: 'int', nullable: true })
  @Field(() => Int, { nullable: true })
  presentationCount!: number | null;

  @Column({ type: 'text', array: true })
  @Field(() => [Theme])
  themes!: Theme[];

  @Column(jsonb)
  @Field(() => [LocalizedText])
  outcomes!: LocalizedText[];
}

/** SUPPORTER: helped or supported the event ("organised with ILO help") without organising or taking part. */
export type EventOrganisationRole = 'ORGANISER' | 'PARTICIPANT' | 'SUPPORTER';

/** Which organisations organised, took part in or supported an event, in the order given. */
@Entity('event_organisation')
export class EventOrganisation {
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @PrimaryColumn({ type: 'text' })
  role!: EventOrganisationRole;

  @PrimaryColumn({ name: 'organisation_id', type: 'text' })
  organisationId!: string;

  @Column('int')
  position!: number;
}
