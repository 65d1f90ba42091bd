import { ArgsType, Field, Int, type ClassType } from 'type-graphql';
import { EventOrder, ProgrammeOrder } from '../../../contract/enums.js';
import { DEFAULT_PAGE_SIZE } from '../../../contract/ordering.js';
import { EventFilter, OrganisationFilter, PartnershipFilter, PersonFilter, ProgrammeFilter } from './filters.js';

/** The arguments every list field takes, whatever it lists. */
export interface ListArgsShape<F> {
  filter?: F | null;
  orderBy?: string | null;
  first?: number | null;
  after?: string | null;
}

/**
 * `(filter, orderBy = default, first = 50, after)` for a list ordered by one of `order`'s values
 * (type-graphql generic args, as its generic-types example builds them); declaration order is
 * the contract's argument order.
 */
export function OrderedListArgs<F extends object, O extends Record<string, string>>(filter: ClassType<F>, order: O, defaultOrder: O[keyof O]) {
  @ArgsType()
  class OrderedArgs {
    @Field(() => filter, { nullable: true }) filter?: F | null;
    @Field(() => order, { nullable: true, defaultValue: defaultOrder }) orderBy?: O[keyof O] | null;
    @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first?: number | null;
    @Field(() => String, { nullable: true }) after?: string | null;
  }
  return OrderedArgs;
}

/** `(filter, first = 50, after)` for a list ordered by id. */
export function ListArgs<F extends object>(filter: ClassType<F>) {
  @ArgsType()
  class IdOrderedArgs {
    @Field(() => filter, { nullable: true }) filter?: F | null;
    @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first?: number | null;
    @Field(() => String, { nullable: true }) after?: string | null;
  }
  return IdOrderedArgs;
}

// Arguments of the list fields, shared by Query.x and Country.x.
@ArgsType()
export class EventListArgs extends OrderedListArgs(EventFilter, EventOrder, EventOrder.START_DATE_DESC) {}
@ArgsType()
export class ProgrammeListArgs extends OrderedListArgs(ProgrammeFilter, ProgrammeOrder, ProgrammeOrder.START_DATE_DESC) {}
@ArgsType()
export class PartnershipListArgs extends ListArgs(PartnershipFilter) {}
@ArgsType()
export class OrganisationListArgs extends ListArgs(OrganisationFilter) {}
@ArgsType()
export class PersonListArgs extends ListArgs(PersonFilter) {}
