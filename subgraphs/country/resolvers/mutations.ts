import { EventMutationResolver } from './event.mutation.js';
import { OrganisationMutationResolver } from './organisation.mutation.js';
import { PartnershipMutationResolver } from './partnership.mutation.js';
import { ProgrammeMutationResolver } from './programme.mutation.js';

/** Mutation resolvers (one file per type), registered in schema.ts. */
export const MUTATION_RESOLVERS: Function[] = [EventMutationResolver, ProgrammeMutationResolver, OrganisationMutationResolver, PartnershipMutationResolver];
