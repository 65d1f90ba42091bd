/**
 * The budgets every operation is checked against before it is validated, planned or executed
 * (see platform/guard/plugin.ts). The defaults let every example query of the client guide and the regional
 * office's usual questions through (a page of 500 events with their organisers is about 18,000
 * values) and refuse the amplifiers of issue 7 (three nested `first: 100` levels are about a
 * million values; a 20-level fragment doubling expands to a million fields). Each default and the
 * reason for it are listed in docs/operations.md ("Limits").
 */
export interface CostLimits {
  /** Characters of the query document. Bounds lexing and hashing work before anything else. */
  maxDocumentLength: number;
  /** Lexical tokens of the document (graphql-js `maxTokens`); bounds parsing work and AST memory. */
  maxTokens: number;
  /** Nesting of fields in the fragment-expanded operation. */
  maxDepth: number;
  /** Aliased fields in the fragment-expanded operation. */
  maxAliases: number;
  /** Directive uses in the fragment-expanded operation. */
  maxDirectives: number;
  /** Fields of the fragment-expanded operation(s): the work of validation and query planning. */
  maxSelections: number;
  /**
   * Fields with one response name in one selection set (through fragments). graphql-js's
   * OverlappingFieldsCanBeMerged compares those pairwise, so this bounds its quadratic work.
   */
  maxRepeatedField: number;
  /** Estimated values in the result: every field counted once per list element it sits under. */
  maxResultSize: number;
  /** Root fields of one mutation operation (each is a separate write, run one after another). */
  maxMutationFields: number;
  /** Subgraph fetches in the gateway's query plan (gateway only; see gateway/plan-budget.ts). */
  maxPlanFetches: number;
  /** Elements assumed for a list field that has no size argument and no declared size. */
  assumedListSize: number;
  /** Declared sizes of lists without a size argument, by schema coordinate (`Type.field`). */
  listSizes: Record<string, number>;
}

/**
 * Lists without a `first` argument, sized from what they hold. The seed documents have at most
 * 10 organisations at one event and 2 to 4 sources, translations or contacts on a record, so 10
 * (`assumedListSize`) covers every other list; these few are larger by nature.
 */
export const DEFAULT_LIST_SIZES: Record<string, number> = {
  // Countries with regional facts: 4 today; room for the region's other offices.
  'Query.countries': 20,
  // The ILO catalogue has 191 conventions and 6 protocols.
  'Query.conventions': 200,
  // One group per country × year × type × theme combination actually present.
  'Query.eventStats': 1000,
  'Query.programmeStats': 200,
  'Query.organisationReach': 100,
  // Grouped like organisationReach: one group per person recorded by several offices.
  'Query.personReach': 100,
  // The ILO itself partners in every programme of an office.
  'Organisation.partnerships': 50,
};

export const DEFAULT_COST_LIMITS: CostLimits = {
  maxDocumentLength: 100_000,
  maxTokens: 5_000,
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 30,
  maxSelections: 1_000,
  maxRepeatedField: 20,
  maxResultSize: 200_000,
  maxMutationFields: 10,
  maxPlanFetches: 12,
  assumedListSize: 10,
  listSizes: DEFAULT_LIST_SIZES,
};

/**
 * A node checks the subgraph operations the gateway writes, which repeat the client's selection
 * and add `__typename`, keys and `_entities` wrappers; it gets twice the structural budget so a
 * request the gateway accepted is never refused by a node. Its result-size budget is the same:
 * the gateway never asks a node for more rows than the client asked for.
 */
export function nodeCostLimits(gateway: CostLimits): CostLimits {
  return {
    ...gateway,
    maxDocumentLength: gateway.maxDocumentLength * 2,
    maxTokens: gateway.maxTokens * 2,
    maxDepth: gateway.maxDepth + 2,
    maxAliases: gateway.maxAliases * 2,
    maxDirectives: gateway.maxDirectives * 2,
    maxSelections: gateway.maxSelections * 2,
  };
}
