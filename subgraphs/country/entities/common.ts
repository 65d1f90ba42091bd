import 'reflect-metadata';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { LocalizedText } from '../../../contract/localized-text.js';

@ObjectType()
export class Contact {
  @Field() name!: string;
  @Field(() => LocalizedText, { nullable: true }) role!: LocalizedText | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) address!: string | null;
}

/** Convention is owned by the regional subgraph; this node only references it by number. */
@ObjectType('Convention')
@Directive('@key(fields: "number", resolvable: false)')
export class ConventionRef {
  @Field(() => Int) number!: number;
}

/** JSON columns hold arrays/objects; typeorm needs the transformer-free `jsonb` type. */
export const jsonb = { type: 'jsonb' as const };
