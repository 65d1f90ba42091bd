import { Field, Int, ObjectType } from 'type-graphql';
import { Event } from './event.entity.js';
import { Organisation } from './organisation.entity.js';
import { Partnership } from './partnership.entity.js';
import { Programme } from './programme.entity.js';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** What a list resolver returns; each part is computed only when the query selects it. */
export interface ConnectionData<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

@ObjectType()
export class ProgrammeEdge {
  @Field() cursor: string;
  @Field(() => Programme) node: Programme;
}
@ObjectType()
export class ProgrammeConnection {
  @Field(() => [ProgrammeEdge]) edges: ProgrammeEdge[];
  @Field(() => [Programme]) nodes: Programme[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@ObjectType()
export class EventEdge {
  @Field() cursor: string;
  @Field(() => Event) node: Event;
}
@ObjectType()
export class EventConnection {
  @Field(() => [EventEdge]) edges: EventEdge[];
  @Field(() => [Event]) nodes: Event[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@ObjectType()
export class PartnershipEdge {
  @Field() cursor: string;
  @Field(() => Partnership) node: Partnership;
}
@ObjectType()
export class PartnershipConnection {
  @Field(() => [PartnershipEdge]) edges: PartnershipEdge[];
  @Field(() => [Partnership]) nodes: Partnership[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@ObjectType()
export class OrganisationEdge {
  @Field() cursor: string;
  @Field(() => Organisation) node: Organisation;
}
@ObjectType()
export class OrganisationConnection {
  @Field(() => [OrganisationEdge]) edges: OrganisationEdge[];
  @Field(() => [Organisation]) nodes: Organisation[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}
