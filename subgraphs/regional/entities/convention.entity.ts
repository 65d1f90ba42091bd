import 'reflect-metadata';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { ConventionCategory } from '../../../contract/enums.js';
import { LocalizedText } from '../../../contract/localized-text.js';
import { jsonb } from './jsonb.js';

/**
 * An ILO convention of the regional catalogue. The country nodes reference it by `number`
 * (`Programme.conventions`) without resolving it, so the gateway fetches the rest here.
 */
@Entity('convention')
@ObjectType('Convention')
@Directive('@key(fields: "number")')
export class Convention {
  @PrimaryColumn('int')
  @Field(() => Int)
  number!: number;

  @Column({ type: 'text', unique: true })
  @Field({ description: 'e.g. C138' })
  code!: string;

  /** Nullable in the schema only: a number a node refers to that is not in the catalogue has no title here (see schema.ts). */
  @Column(jsonb)
  @Field(() => LocalizedText, { nullable: true })
  title!: LocalizedText | null;

  @Column({ type: 'text' })
  @Field(() => ConventionCategory, { nullable: true })
  category!: ConventionCategory | null;
}
