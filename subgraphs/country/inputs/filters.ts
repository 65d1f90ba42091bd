import { Field, ID, InputType } from 'type-graphql';
import { ActivityStatus, ConstituentGroup, EventType, OrganisationRole, OrganisationType, Theme } from '../../../contract/enums.js';
import { CountryCodeScalar, DateScalar, DateTimeScalar } from '../../../contract/scalars.js';

@InputType({
  description:
    'Dates: a record whose [startDate, endDate] overlaps [from, to] matches. A record dated with YEAR or MONTH precision covers that whole year or month. Records with no date never match a date filter and sort last in every order.\ntext: case-insensitive substring of title or summary, in any of its languages (also of its outcomes, and of the names of its organisers and participants).\ncountries: only those country nodes are asked.',
})
export class EventFilter {
  @Field(() => [CountryCodeScalar], { nullable: true }) countries?: string[] | null;
  @Field(() => DateScalar, { nullable: true }) from?: string | null;
  @Field(() => DateScalar, { nullable: true }) to?: string | null;
  @Field(() => [EventType], { nullable: true }) types?: EventType[] | null;
  @Field(() => [Theme], { nullable: true }) themes?: Theme[] | null;
  @Field(() => ID, { nullable: true }) programmeId?: string | null;
  @Field(() => String, { nullable: true }) organisationGlobalRef?: string | null;
  @Field(() => String, { nullable: true }) text?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date | null;
}

@InputType()
export class ProgrammeFilter {
  @Field(() => [CountryCodeScalar], { nullable: true }) countries?: string[] | null;
  @Field(() => [CountryCodeScalar], { nullable: true, description: 'Programmes whose recipientCountries include any of these.' })
  recipientCountries?: string[] | null;
  @Field(() => DateScalar, { nullable: true }) activeOn?: string | null;
  @Field(() => [ActivityStatus], { nullable: true }) status?: ActivityStatus[] | null;
  @Field(() => [Theme], { nullable: true }) themes?: Theme[] | null;
  @Field(() => [Theme], { nullable: true, description: 'Programmes with an objective about any of these themes (see themedObjectives).' })
  objectiveThemes?: Theme[] | null;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => String, { nullable: true }) text?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date | null;
}

@InputType()
export class PartnershipFilter {
  @Field(() => [CountryCodeScalar], { nullable: true }) countries?: string[] | null;
  @Field(() => [OrganisationRole], { nullable: true }) roles?: OrganisationRole[] | null;
  @Field(() => [ConstituentGroup], { nullable: true }) constituentGroups?: ConstituentGroup[] | null;
  @Field(() => String, { nullable: true }) organisationGlobalRef?: string | null;
  @Field(() => ID, { nullable: true }) programmeId?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date | null;
}

@InputType()
export class OrganisationFilter {
  @Field(() => [CountryCodeScalar], { nullable: true }) countries?: string[] | null;
  @Field(() => [ConstituentGroup], { nullable: true }) constituentGroups?: ConstituentGroup[] | null;
  @Field(() => [OrganisationType], { nullable: true }) types?: OrganisationType[] | null;
  @Field(() => String, { nullable: true }) globalRef?: string | null;
  @Field(() => String, { nullable: true }) text?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date | null;
}

@InputType({ description: 'text: case-insensitive substring of the name, its variants or a role title, in any language.' })
export class PersonFilter {
  @Field(() => [CountryCodeScalar], { nullable: true }) countries?: string[] | null;
  @Field(() => String, { nullable: true }) globalRef?: string | null;
  @Field(() => ID, { nullable: true }) organisationId?: string | null;
  @Field(() => ID, { nullable: true }) eventId?: string | null;
  @Field(() => ID, { nullable: true }) programmeId?: string | null;
  @Field(() => String, { nullable: true }) text?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedSince?: Date | null;
}
