import { ArgsType, Field, ID, Int } from 'type-graphql';

/** `restoreX(id, expectedVersion, version)`: bring back the content of an earlier version, as a new version. */
@ArgsType()
export class RestoreArgs {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version the record is at now (as for an update).' }) expectedVersion!: number;
  @Field(() => Int, { description: 'The earlier version whose content is restored (Revision.version in its history).' }) version!: number;
}

/** `undeleteX(id, expectedVersion)`: bring back a deleted record within the retention period. */
@ArgsType()
export class UndeleteArgs {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: "The version that was deleted (the DELETE revision's or change's version)." }) expectedVersion!: number;
}
