import type { ClassType } from 'type-graphql';
import { EventMutationResolver } from './event.mutation.js';
import { ProgrammeMutationResolver } from './programme.mutation.js';
import { OrganisationMutationResolver } from './organisation.mutation.js';
import { PartnershipMutationResolver } from './partnership.mutation.js';
import { PersonMutationResolver } from './person.mutation.js';

/** Mutation resolvers (one file per type), registered in schema.ts. Import order is the order of Mutation's fields. */
export const MUTATION_RESOLVERS: [ClassType, ...ClassType[]] = [
  EventMutationResolver,
  ProgrammeMutationResolver,
  OrganisationMutationResolver,
  PartnershipMutationResolver,
  PersonMutationResolver,
];
