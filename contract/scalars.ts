import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { ErrorCode } from './errors.js';

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw invalid(`Date must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Calendar dates travel as `YYYY-MM-DD` strings end to end: no time zone can shift them. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'ISO 8601 calendar date, e.g. 2017-03-29.',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return parseDate(value);
  },
  parseValue: parseDate,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING) throw invalid('Date must be a string written YYYY-MM-DD');
    return parseDate(ast.value);
  },
});

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid(`DateTime must be ISO 8601 with an offset, e.g. 2026-11-23T08:00:00Z; got ${JSON.stringify(value)}`);
  }
  return new Date(value);
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO 8601 date-time with offset, e.g. 2026-11-23T08:00:00Z.',
  serialize: (value) => {
    const d = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(d.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
    return d.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING) throw invalid('DateTime must be a string');
    return parseDateTime(ast.value);
  },
});

function parseCountryCode(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Z]{2}$/.test(value)) {
    throw invalid(`CountryCode must be an upper-case ISO 3166-1 alpha-2 code such as KG, got ${JSON.stringify(value)}`);
  }
  return value;
}

export const CountryCodeScalar = new GraphQLScalarType<string, string>({
  name: 'CountryCode',
  description: 'ISO 3166-1 alpha-2 code, upper case, e.g. MN, KG, AZ, VN.',
  serialize: (value) => parseCountryCode(value),
  parseValue: parseCountryCode,
  // Bare codes (`countries: [MN]`) are accepted as well as strings: they read like the enum they are.
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.ENUM) throw invalid('CountryCode must be a code such as "KG"');
    return parseCountryCode(ast.value);
  },
});
