import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { DatePrecision, EventType, Theme } from '../../../contract/enums.js';
import { LocalizedTextInput, SourceRefInput } from '../../../contract/localized-text.js';
import { CountryCodeScalar, DateScalar } from '../../../contract/scalars.js';

const SOURCES_PATCH = 'Replaces the whole list of sources; an empty list (or null) removes them all.';

// Field order and nullability follow ../shared/design/contract.graphql (EventInput, EventPatch).

const SUPPORTERS = 'Organisations that supported or helped the event without organising or taking part in it.';

@InputType()
export class EventInput {
  @Field(() => CountryCodeScalar) country!: string;
  @Field(() => LocalizedTextInput) title!: LocalizedTextInput;
  @Field(() => LocalizedTextInput, { nullable: true }) summary?: LocalizedTextInput | null;
  @Field(() => EventType) type!: EventType;
  @Field(() => DateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => DateScalar, { nullable: true }) endDate?: string | null;
  @Field(() => DatePrecision, { nullable: true, defaultValue: DatePrecision.DAY }) datePrecision?: DatePrecision | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true }) venue?: string | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) online?: boolean | null;
  @Field(() => ID, { nullable: true }) programmeId?: string | null;
  @Field(() => [ID], { nullable: true }) organiserIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) participantIds?: string[] | null;
  @Field(() => Int, { nullable: true }) participantCount?: number | null;
  @Field(() => Int, { nullable: true }) presentationCount?: number | null;
  @Field(() => [Theme], { nullable: true }) themes?: Theme[] | null;
  @Field(() => [SourceRefInput], { nullable: true }) sources?: SourceRefInput[] | null;
  @Field(() => [ID], { nullable: true, description: SUPPORTERS }) supporterIds?: string[] | null;
}

/** Absent fields are `undefined` and stay as stored; `null` clears a nullable field. */
@InputType({ description: 'Every field optional; only the fields given change.' })
export class EventPatch {
  @Field(() => LocalizedTextInput, { nullable: true }) title?: LocalizedTextInput | null;
  @Field(() => LocalizedTextInput, { nullable: true }) summary?: LocalizedTextInput | null;
  @Field(() => EventType, { nullable: true }) type?: EventType | null;
  @Field(() => DateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => DateScalar, { nullable: true }) endDate?: string | null;
  @Field(() => DatePrecision, { nullable: true }) datePrecision?: DatePrecision | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true }) venue?: string | null;
  @Field(() => Boolean, { nullable: true }) online?: boolean | null;
  @Field(() => ID, { nullable: true }) programmeId?: string | null;
  @Field(() => [ID], { nullable: true }) organiserIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) participantIds?: string[] | null;
  @Field(() => Int, { nullable: true }) participantCount?: number | null;
  @Field(() => Int, { nullable: true }) presentationCount?: number | null;
  @Field(() => [Theme], { nullable: true }) themes?: Theme[] | null;
  @Field(() => [ID], { nullable: true, description: SUPPORTERS }) supporterIds?: string[] | null;
  @Field(() => [SourceRefInput], { nullable: true, description: SOURCES_PATCH }) sources?: SourceRefInput[] | null;
}

// Arguments as classes: type-graphql prints @Arg parameters in reverse, these keep the contract's order.

/** `updateEvent(id, expectedVersion, patch)`. */
@ArgsType()
export class UpdateEventArgs {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => EventPatch) patch!: EventPatch;
}

/** `deleteEvent(id, expectedVersion)`. */
@ArgsType()
export class DeleteEventArgs {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
}
