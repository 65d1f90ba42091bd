import { Field, ObjectType } from 'type-graphql';
import { CountryCodeScalar } from '../../../contract/scalars.js';
import { EntityOwnedByCode } from '../sharding.js';

/**
 * The regional subgraph owns Country's facts; a country node contributes only the
 * programmes/events/partnerships of its own country (see country.resolver.ts).
 */
@ObjectType('Country')
@EntityOwnedByCode('code')
export class CountryRef {
  @Field(() => CountryCodeScalar)
  code!: string;
}
