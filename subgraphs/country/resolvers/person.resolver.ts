import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { CountryContext } from '../context.js';
import { historyOf } from '../data/change-log/history.js';
import { Revision } from '../entities/revision.entity.js';
import { ownsId, pageNeeds } from '../data/list.js';
import { listPeople } from '../data/people.js';
import { PersonConnection } from '../entities/connections.js';
import { CountryRef } from '../entities/country.type.js';
import { Person, PersonRole } from '../entities/person.entity.js';
import { PersonListArgs } from '../inputs/list-args.js';
import { OwnedById, ShardedPage } from '../sharding.js';
import { EXPORTED } from '../export/lists.js';

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => PersonConnection, { description: 'Ordered by id.' })
  @ShardedPage([], EXPORTED.people)
  people(@Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: PersonListArgs) {
    return listPeople(ctx, pageNeeds(info), args);
  }

  @Query(() => Person, { nullable: true })
  @OwnedById()
  person(@Ctx() ctx: CountryContext, @Arg('id', () => ID) id: string) {
    return ownsId(ctx, id) ? ctx.loaders.personById.load(id) : null;
  }

  @FieldResolver(() => CountryRef)
  country(@Root() person: Person): CountryRef {
    return { code: person.countryCode };
  }

  @FieldResolver(() => [PersonRole])
  roles(@Root() person: Person, @Ctx() ctx: CountryContext) {
    return ctx.loaders.rolesOfPerson.load(person.id);
  }

  @FieldResolver(() => [Revision], { nullable: true, description: "Revisions, newest first; editors of the record's country and analysts only." })
  history(@Root() record: Person, @Ctx() ctx: CountryContext, @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number) {
    return historyOf(ctx, record.id, record.countryCode, first);
  }
}
