import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ChangeEntity, ChangeKind } from '../../../contract/enums.js';
import { CountryCodeScalar, DateTimeScalar } from '../../../contract/scalars.js';
import { NodeInterface } from './node.js';

/** One committed change of one record, read from the node's change log (see data/change-log/feed.ts). */
@ObjectType({ description: 'One committed change of one record on its country node.' })
export class Change {
  @Field(() => ChangeKind) kind!: ChangeKind;
  @Field(() => ChangeEntity) entity!: ChangeEntity;
  @Field(() => ID) id!: string;
  @Field(() => CountryCodeScalar) country!: string;
  @Field(() => Int, { description: "The record's version after the change (the version that was deleted for DELETE)." }) version!: number;
  @Field(() => DateTimeScalar, { description: 'When the change committed (its position was taken just before the commit).' }) changedAt!: Date;
  @Field(() => NodeInterface, { nullable: true, description: 'The record as it is now; null for DELETE (and for a record deleted since).' })
  record?: NodeInterface | null;

  /** The change's position in its node's commit order; the gateway builds watermarks from it, clients never see it. */
  @Field(() => String)
  @Directive('@inaccessible')
  position!: string;
}

@ObjectType()
export class ChangeFeed {
  @Field(() => [Change]) changes!: Change[];
  @Field(() => String, { description: 'Opaque resume point: pass it as `since` to get every later change exactly once.' }) watermark!: string;
  @Field(() => Boolean) hasMore!: boolean;
  @Field(() => [CountryCodeScalar], { description: 'Countries whose changes could not be read this time; their part of the watermark did not move.' })
  unavailable!: string[];
}

@InputType()
export class ChangeFilter {
  @Field(() => [CountryCodeScalar], { nullable: true }) countries?: string[] | null;
  @Field(() => [ChangeEntity], { nullable: true }) entities?: ChangeEntity[] | null;
}
