import { Field, ObjectType } from 'type-graphql';
import { CountryCodeScalar } from '../../../contract/scalars.js';
import { OwnCountry } from '../sharding.js';
import { Person } from './person.entity.js';

@ObjectType({
  description: 'One real person (by globalRef) and the country offices whose documents name them: answers "people present in more than one country".',
})
export class PersonReach {
  @Field() globalRef!: string;
  @Field(() => [CountryCodeScalar], { description: 'Countries whose node records this person, in code order.' })
  @OwnCountry()
  countries!: string[];
  @Field(() => [Person], { description: "Each country's record of them, ordered by id." })
  people!: Person[];
}
