import { ObjectType } from 'type-graphql';
import { Connection } from './connection.js';
import { Event } from './event.entity.js';
import { Organisation } from './organisation.entity.js';
import { Partnership } from './partnership.entity.js';
import { Person } from './person.entity.js';
import { Programme } from './programme.entity.js';

@ObjectType()
export class ProgrammeConnection extends Connection(Programme) {}
@ObjectType()
export class EventConnection extends Connection(Event) {}
@ObjectType()
export class PartnershipConnection extends Connection(Partnership) {}
@ObjectType()
export class OrganisationConnection extends Connection(Organisation) {}
@ObjectType()
export class PersonConnection extends Connection(Person) {}
