import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { connectionNeeds } from '../../../shared/selection.js';
import type { CountryContext } from '../context.js';
import { ownsId } from '../data/list.js';
import { listPeople } from '../data/people.js';
import { PersonConnection } from '../entities/connections.js';
import { CountryRef } from '../entities/country.type.js';
import { Person, PersonRole } from '../entities/person.entity.js';
import { PersonListArgs } from '../inputs/list-args.js';
import { OwnedById, ShardedPage } from '../sharding.js';

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => PersonConnection, { description: 'Ordered by id.' })
  @ShardedPage()
  people(@Ctx() ctx: CountryContext, @Info() info: GraphQLResolveInfo, @Args() args: PersonListArgs) {
    return listPeople(ctx, connectionNeeds(info), args);
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
}
