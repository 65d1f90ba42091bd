import { Field, Int, ObjectType } from 'type-graphql';
import { ActivityStatus, EventType, Theme } from '../../../contract/enums.js';
import { CountryCodeScalar } from '../../../contract/scalars.js';
import { GroupKey, OwnCountry, Summed } from '../sharding.js';

@ObjectType({ description: 'One group; the dimensions not grouped by are null. An event with several themes counts once per theme when grouped by THEME.' })
export class EventStat {
  @Field(() => CountryCodeScalar, { nullable: true }) @GroupKey('COUNTRY') @OwnCountry() country!: string | null;
  @Field(() => Int, { nullable: true }) @GroupKey('YEAR') year!: number | null;
  @Field(() => EventType, { nullable: true }) @GroupKey('TYPE') type!: EventType | null;
  @Field(() => Theme, { nullable: true }) @GroupKey('THEME') theme!: Theme | null;
  @Field(() => Int) @Summed() count!: number;
  @Field(() => Int) @Summed() participantCount!: number;
}

@ObjectType()
export class ProgrammeStat {
  @Field(() => CountryCodeScalar, { nullable: true }) @GroupKey('COUNTRY') @OwnCountry() country!: string | null;
  @Field(() => ActivityStatus, { nullable: true }) @GroupKey('STATUS') status!: ActivityStatus | null;
  @Field(() => Theme, { nullable: true }) @GroupKey('THEME') theme!: Theme | null;
  @Field(() => Int) @Summed() count!: number;
}
