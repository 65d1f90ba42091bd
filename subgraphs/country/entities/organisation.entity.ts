import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { ConstituentGroup, OrganisationType } from '../../../shared/enums.js';
import { LocalizedText, SourceRef } from '../../../shared/localized-text.js';
import { DateTimeScalar } from '../../../shared/scalars.js';
import { jsonb } from './common.js';

@Entity('organisation')
@ObjectType()
@Directive('@key(fields: "id")')
export class Organisation {
  @PrimaryColumn('text')
  @Field(() => ID)
  id: string;

  @Column({ name: 'country', type: 'char', length: 2 })
  countryCode: string;

  @Column(jsonb)
  @Field(() => LocalizedText)
  name: LocalizedText;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  acronym: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => OrganisationType, { nullable: true })
  type: OrganisationType | null;

  @Column({ name: 'constituent_group', type: 'text' })
  @Field(() => ConstituentGroup)
  constituentGroup: ConstituentGroup;

  @Column({ name: 'global_ref', type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Identifies the same real-world organisation across countries (e.g. the IATI org id XM-DAC-41302 for the ILO).',
  })
  globalRef: string | null;

  @Column(jsonb)
  @Field(() => [SourceRef])
  sources: SourceRef[];

  /** Folded text of every language of the name, for `text` search. */
  @Column({ name: 'search_text', type: 'text' })
  searchText: string;

  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  @Field(() => DateTimeScalar)
  updatedAt: Date;

  @Column('int')
  @Field(() => Int)
  version: number;
}
