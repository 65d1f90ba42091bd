import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CountryContext } from '../context.js';
import { Event } from '../entities/event.entity.js';
import { Organisation } from '../entities/organisation.entity.js';
import { PersonRole } from '../entities/person.entity.js';
import { Programme } from '../entities/programme.entity.js';

/** A role points at records of the same node; each is loaded in one batch per request. */
@Resolver(() => PersonRole)
export class PersonRoleResolver {
  @FieldResolver(() => Organisation, { nullable: true })
  organisation(@Root() role: PersonRole, @Ctx() ctx: CountryContext) {
    return role.organisationId ? ctx.loaders.organisationById.load(role.organisationId) : null;
  }

  @FieldResolver(() => Event, { nullable: true })
  event(@Root() role: PersonRole, @Ctx() ctx: CountryContext) {
    return role.eventId ? ctx.loaders.eventById.load(role.eventId) : null;
  }

  @FieldResolver(() => Programme, { nullable: true })
  programme(@Root() role: PersonRole, @Ctx() ctx: CountryContext) {
    return role.programmeId ? ctx.loaders.programmeById.load(role.programmeId) : null;
  }
}
