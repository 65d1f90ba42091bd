import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { OrganisationRole, PartnershipBasis } from '../../../contract/enums.js';
import { LocalizedTextInput, SourceRefInput } from '../../../contract/localized-text.js';
import { CountryCodeScalar, DateScalar } from '../../../contract/scalars.js';

const SOURCES_PATCH = 'Replaces the whole list of sources; an empty list (or null) removes them all.';

// Field order and nullability follow ../shared/design/contract.graphql (PartnershipInput, PartnershipPatch).

@InputType()
export class PartnershipInput {
  @Field(() => CountryCodeScalar) country!: string;
  @Field(() => ID) organisationId!: string;
  @Field(() => ID, { nullable: true }) programmeId?: string | null;
  @Field(() => OrganisationRole, { nullable: true }) role?: OrganisationRole | null;
  @Field(() => PartnershipBasis, { nullable: true, defaultValue: PartnershipBasis.DECLARED }) basis?: PartnershipBasis | null;
  @Field(() => LocalizedTextInput, { nullable: true }) description?: LocalizedTextInput | null;
  @Field(() => DateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => DateScalar, { nullable: true }) endDate?: string | null;
  @Field(() => [SourceRefInput], { nullable: true }) sources?: SourceRefInput[] | null;
}

/** Absent fields are `undefined` and stay as stored; `null` clears a nullable field. */
@InputType()
export class PartnershipPatch {
  @Field(() => ID, { nullable: true }) programmeId?: string | null;
  @Field(() => OrganisationRole, { nullable: true }) role?: OrganisationRole | null;
  @Field(() => PartnershipBasis, { nullable: true }) basis?: PartnershipBasis | null;
  @Field(() => LocalizedTextInput, { nullable: true }) description?: LocalizedTextInput | null;
  @Field(() => DateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => DateScalar, { nullable: true }) endDate?: string | null;
  @Field(() => [SourceRefInput], { nullable: true, description: SOURCES_PATCH }) sources?: SourceRefInput[] | null;
}

// Arguments as classes: type-graphql prints @Arg parameters in reverse, these keep the contract's order.

/** `updatePartnership(id, expectedVersion, patch)`. */
@ArgsType()
export class UpdatePartnershipArgs {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => PartnershipPatch) patch!: PartnershipPatch;
}

/** `deletePartnership(id, expectedVersion)`. */
@ArgsType()
export class DeletePartnershipArgs {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
}
