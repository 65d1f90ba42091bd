import { Field, ObjectType } from 'type-graphql';
import { CountryCodeScalar } from '../../../contract/scalars.js';
import { OwnCountry } from '../sharding.js';
import { Organisation } from './organisation.entity.js';

@ObjectType({
  description:
    'One real-world organisation (by globalRef) and the country offices it works with: answers "partners working with the ILO in more than one country".',
})
export class OrganisationReach {
  @Field() globalRef!: string;
  @Field(() => [CountryCodeScalar], { description: 'Countries whose node records this organisation, in code order.' })
  @OwnCountry()
  countries!: string[];
  @Field(() => [Organisation], { description: "Each country's record of it, ordered by id." })
  organisations!: Organisation[];
}
