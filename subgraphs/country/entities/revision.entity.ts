import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Field, Int, ObjectType } from 'type-graphql';
import { ChangeEntity, ChangeKind } from '../../../contract/enums.js';
import { DateTimeScalar } from '../../../contract/scalars.js';
import { jsonb } from './common.js';

/** A record's values as the change log keeps them: its content fields by name (see data/change-log/snapshot.ts). */
export type RecordValues = Record<string, unknown>;

@ObjectType('FieldValue', { description: "One field of a record as it was before a revision: its name, as in the record's input type, and its value." })
export class FieldValue {
  @Field(() => String) field!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The value as JSON text (a string in quotes, a number, a list, an object for a text with translations); null when it was empty.',
  })
  value!: string | null;
}

/**
 * One revision of one record in the node's change log (table `change_log`, see
 * migrations/1766000000010-change-log.ts). The same rows serve record history (this type) and
 * the change feed (`Change`, see change.ts).
 */
@Entity('change_log')
@ObjectType('Revision', { description: "One revision of a record, newest first. Visible to editors of the record's country and to analysts." })
export class Revision {
  /** Position in the node's commit order (see data/change-log/append.ts). */
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column('text')
  entity!: ChangeEntity;

  @Column({ name: 'record_id', type: 'text' })
  recordId!: string;

  @Column('int')
  @Field(() => Int, { description: 'The version this revision wrote (for DELETE: the version that was deleted).' })
  version!: number;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  @Field(() => DateTimeScalar)
  at!: Date;

  @Column({ name: 'changed_by', type: 'text' })
  @Field(() => String, { description: 'The token subject that wrote it.' })
  by!: string;

  @Column('text')
  @Field(() => ChangeKind)
  kind!: ChangeKind;

  @Column({ name: 'changed_fields', type: 'text', array: true })
  @Field(() => [String], {
    description:
      "Names of the fields this revision changed, as in the record's input type (e.g. title, startDate, organiserIds); every field for a create or an undelete.",
  })
  changedFields!: string[];

  /** The values before this revision: of the changed fields for an update, the whole record for a DELETE, null for a create or an undelete. */
  @Column({ ...jsonb, nullable: true })
  previous!: RecordValues | null;

  /** `previous` for the API: what an editor sees before choosing to restore a version. */
  @Field(() => [FieldValue], {
    description:
      'The values before this revision: of the changed fields for an update or a restore, the whole record for a deletion; empty for a create or an undelete.',
  })
  get previousValues(): FieldValue[] {
    return Object.entries(this.previous ?? {}).map(([field, value]) => ({
      field,
      value: value === null || value === undefined ? null : JSON.stringify(value),
    }));
  }

  @Column({ name: 'restored_from', type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'The version a restore or an undelete brought back; null for an ordinary write.' })
  restoredFrom!: number | null;
}
