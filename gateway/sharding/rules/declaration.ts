import type { ConstDirectiveNode } from 'graphql';
import type { FieldInfo, SdlIndex } from '../sdl-index.js';

/**
 * One field's sharding directive as each rule kind reads it: the field, where it is (`Query.things`,
 * for messages), and the errors list a reader adds to. Readers report every inconsistency rather than
 * stop at the first, so one refused SDL lists all that is wrong with it.
 */
export interface Declaration {
  index: SdlIndex;
  field: FieldInfo;
  at: string;
  directive: ConstDirectiveNode;
  /** The declared `countriesArgument`, already checked to be an argument path of the field. */
  countriesPath: string[] | null;
  errors: string[];
}

/** A dot-separated argument path (`filter.countries`) as its segments; null when none is given. */
export const argumentPath = (value: unknown): string[] | null => (typeof value === 'string' && value ? value.split('.') : null);
