import { Column, PrimaryColumn } from 'typeorm';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { SourceRef } from '../../../contract/localized-text.js';
import { DateTimeScalar } from '../../../contract/scalars.js';
import { jsonb } from './common.js';

/** What every record of a country node has: a country-prefixed id, its sources, and a version. */
// Abstract bases: never referenced by a field, so type-graphql 2 does not emit them as schema types.
@ObjectType()
export abstract class CountryRecord {
  @PrimaryColumn('text')
  @Field(() => ID)
  id!: string;

  @Column({ name: 'country', type: 'char', length: 2 })
  countryCode!: string;

  @Column(jsonb)
  @Field(() => [SourceRef])
  sources!: SourceRef[];

  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  @Column('int')
  @Field(() => Int)
  version!: number;
}

/** A record found by `text` filters: every wording of its texts, folded (see data/derive.ts). */
@ObjectType()
export abstract class SearchableRecord extends CountryRecord {
  @Column({ name: 'search_text', type: 'text' })
  searchText!: string;
}
