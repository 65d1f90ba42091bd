import 'reflect-metadata';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { ConventionCategory } from '../../../shared/enums.js';
import { LocalizedText } from '../../../shared/localized-text.js';
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
  number: number;

  @Column({ type: 'text', unique: true })
  @Field({ description: 'e.g. C138' })
  code: string;

  @Column(jsonb)
  @Field(() => LocalizedText)
  title: LocalizedText;

  @Column({ type: 'text' })
  @Field(() => ConventionCategory)
  category: ConventionCategory;
}
