import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PersonRoleKind } from '../../../contract/enums.js';
import { LocalizedTextInput, SourceRefInput } from '../../../contract/localized-text.js';
import { CountryCodeScalar, DateScalar } from '../../../contract/scalars.js';

const SOURCES_PATCH = 'Replaces the whole list of sources; an empty list (or null) removes them all.';

// Field order and nullability follow ../shared/design/contract.graphql (People).

@InputType()
export class PersonRoleInput {
  @Field(() => LocalizedTextInput) title!: LocalizedTextInput;
  @Field(() => ID, { nullable: true }) organisationId?: string | null;
  @Field(() => ID, { nullable: true }) eventId?: string | null;
  @Field(() => ID, { nullable: true }) programmeId?: string | null;
  @Field(() => DateScalar, { nullable: true }) asOf?: string | null;
  @Field(() => PersonRoleKind, { nullable: true }) kind?: PersonRoleKind | null;
}

@InputType()
export class PersonInput {
  @Field(() => CountryCodeScalar) country!: string;
  @Field(() => LocalizedTextInput) name!: LocalizedTextInput;
  @Field(() => [LocalizedTextInput], { nullable: true }) nameVariants?: LocalizedTextInput[] | null;
  @Field(() => String, { nullable: true }) globalRef?: string | null;
  @Field(() => [PersonRoleInput], { nullable: true }) roles?: PersonRoleInput[] | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => [SourceRefInput], { nullable: true }) sources?: SourceRefInput[] | null;
}

/** Absent fields stay as stored; `roles`, when given, replaces every role. */
@InputType()
export class PersonPatch {
  @Field(() => LocalizedTextInput, { nullable: true }) name?: LocalizedTextInput | null;
  @Field(() => [LocalizedTextInput], { nullable: true }) nameVariants?: LocalizedTextInput[] | null;
  @Field(() => String, { nullable: true }) globalRef?: string | null;
  @Field(() => [PersonRoleInput], { nullable: true }) roles?: PersonRoleInput[] | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => [SourceRefInput], { nullable: true, description: SOURCES_PATCH }) sources?: SourceRefInput[] | null;
}

@ArgsType()
export class UpdatePersonArgs {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => PersonPatch) patch!: PersonPatch;
}

@ArgsType()
export class DeletePersonArgs {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
}
