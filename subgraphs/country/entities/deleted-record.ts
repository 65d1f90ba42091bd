import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ChangeEntity } from '../../../contract/enums.js';
import { CountryCodeScalar, DateTimeScalar } from '../../../contract/scalars.js';

/** A deleted record that can still be undeleted: its tombstone in the change log (see data/change-log/history.ts). */
@ObjectType({ description: 'A deleted record whose tombstone is still kept (the retention period): what an editor can undelete.' })
export class DeletedRecord {
  @Field(() => ID) id!: string;
  @Field(() => ChangeEntity) entity!: ChangeEntity;
  @Field(() => CountryCodeScalar) country!: string;
  @Field(() => Int, { description: 'The version that was deleted: pass it as expectedVersion to undeleteX.' }) version!: number;
  @Field(() => DateTimeScalar) deletedAt!: Date;
  @Field(() => String, { description: 'The token subject that deleted it.' }) deletedBy!: string;
  @Field(() => String, { nullable: true, description: 'Its title or name as last written (original wording); null for a partnership.' })
  label!: string | null;
}
