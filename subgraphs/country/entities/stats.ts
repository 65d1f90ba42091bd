import { Field, Int, ObjectType } from 'type-graphql';
import { ActivityStatus, EventType, Theme } from '../../../shared/enums.js';
import { CountryCodeScalar } from '../../../shared/scalars.js';

@ObjectType({ description: 'One group; the dimensions not grouped by are null. An event with several themes counts once per theme when grouped by THEME.' })
export class EventStat {
  @Field(() => CountryCodeScalar, { nullable: true }) country: string | null;
  @Field(() => Int, { nullable: true }) year: number | null;
  @Field(() => EventType, { nullable: true }) type: EventType | null;
  @Field(() => Theme, { nullable: true }) theme: Theme | null;
  @Field(() => Int) count: number;
  @Field(() => Int) participantCount: number;
}

@ObjectType()
export class ProgrammeStat {
  @Field(() => CountryCodeScalar, { nullable: true }) country: string | null;
  @Field(() => ActivityStatus, { nullable: true }) status: ActivityStatus | null;
  @Field(() => Theme, { nullable: true }) theme: Theme | null;
  @Field(() => Int) count: number;
}
