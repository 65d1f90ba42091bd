import { ArgsType, Field, Int } from 'type-graphql';
import { EventOrder, ProgrammeOrder } from '../../../shared/enums.js';
import { DEFAULT_PAGE_SIZE } from '../../../shared/ordering.js';
import { EventFilter, OrganisationFilter, PartnershipFilter, ProgrammeFilter } from './filters.js';

// Arguments of the list fields, shared by Query.x and Country.x; declaration order is the contract's.

@ArgsType()
export class EventListArgs {
  @Field(() => EventFilter, { nullable: true }) filter?: EventFilter | null;
  @Field(() => EventOrder, { nullable: true, defaultValue: EventOrder.START_DATE_DESC }) orderBy?: EventOrder | null;
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@ArgsType()
export class ProgrammeListArgs {
  @Field(() => ProgrammeFilter, { nullable: true }) filter?: ProgrammeFilter | null;
  @Field(() => ProgrammeOrder, { nullable: true, defaultValue: ProgrammeOrder.START_DATE_DESC }) orderBy?: ProgrammeOrder | null;
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@ArgsType()
export class PartnershipListArgs {
  @Field(() => PartnershipFilter, { nullable: true }) filter?: PartnershipFilter | null;
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@ArgsType()
export class OrganisationListArgs {
  @Field(() => OrganisationFilter, { nullable: true }) filter?: OrganisationFilter | null;
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}
