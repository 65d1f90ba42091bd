import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConstituentGroup, DatePrecision, OrganisationType } from '../../../contract/enums.js';
import { LocalizedTextInput, SourceRefInput } from '../../../contract/localized-text.js';
import { CountryCodeScalar, DateScalar } from '../../../contract/scalars.js';

const SOURCES_PATCH = 'Replaces the whole list of sources; an empty list (or null) removes them all.';

@InputType()
export class FormerNameInput {
  @Field(() => LocalizedTextInput) name!: LocalizedTextInput;
  @Field(() => DateScalar, { nullable: true }) until?: string | null;
  @Field(() => DatePrecision, { nullable: true, defaultValue: DatePrecision.DAY }) datePrecision?: DatePrecision | null;
}

// Field order and nullability follow ../shared/design/contract.graphql (OrganisationInput, OrganisationPatch).

const PARENT = 'The organisation of this node this one is a unit of (an agency of its ministry); null: none.';

@InputType()
export class OrganisationInput {
  @Field(() => CountryCodeScalar) country!: string;
  @Field(() => LocalizedTextInput) name!: LocalizedTextInput;
  @Field(() => String, { nullable: true }) acronym?: string | null;
  @Field(() => OrganisationType, { nullable: true }) type?: OrganisationType | null;
  @Field(() => ConstituentGroup, { nullable: true, defaultValue: ConstituentGroup.NONE }) constituentGroup?: ConstituentGroup | null;
  @Field(() => String, { nullable: true }) globalRef?: string | null;
  @Field(() => [SourceRefInput], { nullable: true }) sources?: SourceRefInput[] | null;
  @Field(() => [LocalizedTextInput], { nullable: true }) about?: LocalizedTextInput[] | null;
  @Field(() => [FormerNameInput], { nullable: true }) formerNames?: FormerNameInput[] | null;
  @Field(() => ID, { nullable: true, description: PARENT }) parentId?: string | null;
}

/** Absent fields are `undefined` and stay as stored; `null` clears a nullable field. */
@InputType()
export class OrganisationPatch {
  @Field(() => LocalizedTextInput, { nullable: true }) name?: LocalizedTextInput | null;
  @Field(() => String, { nullable: true }) acronym?: string | null;
  @Field(() => OrganisationType, { nullable: true }) type?: OrganisationType | null;
  @Field(() => ConstituentGroup, { nullable: true }) constituentGroup?: ConstituentGroup | null;
  @Field(() => String, { nullable: true }) globalRef?: string | null;
  @Field(() => [LocalizedTextInput], { nullable: true }) about?: LocalizedTextInput[] | null;
  @Field(() => [FormerNameInput], { nullable: true }) formerNames?: FormerNameInput[] | null;
  @Field(() => ID, { nullable: true, description: PARENT }) parentId?: string | null;
  @Field(() => [SourceRefInput], { nullable: true, description: SOURCES_PATCH }) sources?: SourceRefInput[] | null;
}

// Arguments as classes: type-graphql prints @Arg parameters in reverse, these keep the contract's order.

/** `updateOrganisation(id, expectedVersion, patch)`. */
@ArgsType()
export class UpdateOrganisationArgs {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => OrganisationPatch) patch!: OrganisationPatch;
}

/** `deleteOrganisation(id, expectedVersion)`. */
@ArgsType()
export class DeleteOrganisationArgs {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
}
