import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ActivityStatus, DatePrecision, Theme } from '../../../contract/enums.js';
import { LocalizedTextInput, SourceRefInput } from '../../../contract/localized-text.js';
import { CountryCodeScalar, DateScalar } from '../../../contract/scalars.js';

const SOURCES_PATCH = 'Replaces the whole list of sources; an empty list (or null) removes them all.';

// Field order and nullability follow ../shared/design/contract.graphql (ProgrammeInput, ProgrammePatch).

const OBJECTIVE_THEMES =
  'The themes of each objective: one list per objective, in the order of `objectives` (in a patch without `objectives`, of the stored ones). Objectives given without it have no themes.';

@InputType()
export class ProgrammeInput {
  @Field(() => CountryCodeScalar) country!: string;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => LocalizedTextInput) title!: LocalizedTextInput;
  @Field(() => LocalizedTextInput, { nullable: true }) summary?: LocalizedTextInput | null;
  @Field(() => ActivityStatus) status!: ActivityStatus;
  @Field(() => DateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => DateScalar, { nullable: true }) endDate?: string | null;
  @Field(() => DatePrecision, { nullable: true, defaultValue: DatePrecision.DAY }) datePrecision?: DatePrecision | null;
  @Field(() => Int, { nullable: true }) phase?: number | null;
  @Field(() => [CountryCodeScalar], { nullable: true }) recipientCountries?: string[] | null;
  @Field(() => [Theme], { nullable: true }) themes?: Theme[] | null;
  @Field(() => [LocalizedTextInput], { nullable: true }) objectives?: LocalizedTextInput[] | null;
  @Field(() => [Int], { nullable: true }) conventionNumbers?: number[] | null;
  @Field(() => [String], { nullable: true }) links?: string[] | null;
  @Field(() => [SourceRefInput], { nullable: true }) sources?: SourceRefInput[] | null;
  @Field(() => DateScalar, { nullable: true }) statusAsOf?: string | null;
  @Field(() => [LocalizedTextInput], { nullable: true }) activities?: LocalizedTextInput[] | null;
  @Field(() => [[Theme]], { nullable: true, description: OBJECTIVE_THEMES }) objectiveThemes?: Theme[][] | null;
}

/** Absent fields are `undefined` and stay as stored; `null` clears a nullable field. */
@InputType()
export class ProgrammePatch {
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => LocalizedTextInput, { nullable: true }) title?: LocalizedTextInput | null;
  @Field(() => LocalizedTextInput, { nullable: true }) summary?: LocalizedTextInput | null;
  @Field(() => ActivityStatus, { nullable: true }) status?: ActivityStatus | null;
  @Field(() => DateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => DateScalar, { nullable: true }) endDate?: string | null;
  @Field(() => DatePrecision, { nullable: true }) datePrecision?: DatePrecision | null;
  @Field(() => Int, { nullable: true }) phase?: number | null;
  @Field(() => [CountryCodeScalar], { nullable: true }) recipientCountries?: string[] | null;
  @Field(() => [Theme], { nullable: true }) themes?: Theme[] | null;
  @Field(() => [LocalizedTextInput], { nullable: true }) objectives?: LocalizedTextInput[] | null;
  @Field(() => [Int], { nullable: true }) conventionNumbers?: number[] | null;
  @Field(() => [String], { nullable: true }) links?: string[] | null;
  @Field(() => DateScalar, { nullable: true }) statusAsOf?: string | null;
  @Field(() => [LocalizedTextInput], { nullable: true }) activities?: LocalizedTextInput[] | null;
  @Field(() => [[Theme]], { nullable: true, description: OBJECTIVE_THEMES }) objectiveThemes?: Theme[][] | null;
  @Field(() => [SourceRefInput], { nullable: true, description: SOURCES_PATCH }) sources?: SourceRefInput[] | null;
}

// Arguments as classes: type-graphql prints @Arg parameters in reverse, these keep the contract's order.

/** `updateProgramme(id, expectedVersion, patch)`. */
@ArgsType()
export class UpdateProgrammeArgs {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => ProgrammePatch) patch!: ProgrammePatch;
}

/** `deleteProgramme(id, expectedVersion)`. */
@ArgsType()
export class DeleteProgrammeArgs {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
}
