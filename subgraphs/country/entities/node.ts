import { Field, ID, InterfaceType } from 'type-graphql';

/** The object type each id kind (`KG:EVT:…`) names; a record's id says what it is. */
const TYPE_OF_KIND: Record<string, string> = { PRG: 'Programme', EVT: 'Event', PSH: 'Partnership', ORG: 'Organisation', PER: 'Person' };

export function typeNameOfId(id: string): string | undefined {
  return TYPE_OF_KIND[id.split(':')[1] ?? ''];
}

/** Relay global object identification: ids are the existing country-prefixed ids. */
@InterfaceType('Node', {
  description:
    'Relay global object identification. Programme, Event, Partnership, Organisation and Person implement it; ids are the existing country-prefixed ids.',
  resolveType: (value: { id: string }) => typeNameOfId(value.id),
})
export abstract class NodeInterface {
  @Field(() => ID)
  id!: string;
}
