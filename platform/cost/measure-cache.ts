import type { DocumentNode, GraphQLSchema } from 'graphql';
import { analyseDocument, type AnalyseOptions, type Measures } from './analyse.js';

/**
 * A document's measures, kept while the document is (Apollo Server's document store hands every
 * request with the same text the same parsed document) when they did not depend on the request's
 * variables: a page the gateway sends with a literal `first` measures the same every time, and
 * measuring it again was a visible share of a node's CPU per request. Measures that read a
 * variable (`first: $n`) are computed per request. One cache serves one set of limits (one
 * server's guard); keyed by schema too, since a gateway's schema changes with its supergraph.
 */
export class MeasureCache {
  private readonly bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Measures>>();

  measure(schema: GraphQLSchema, document: DocumentNode, options: AnalyseOptions): Measures {
    const known = this.bySchema.get(schema)?.get(document);
    if (known) return known;
    let readVariables = false;
    const read = <T>(value: T): T => ((readVariables = true), value);
    // Every way the analysis could look at a variable marks the measures as the request's own.
    const variables = new Proxy(options.variables, {
      get: (target, key) => read(Reflect.get(target, key)),
      has: (target, key) => read(Reflect.has(target, key)),
      ownKeys: (target) => read(Reflect.ownKeys(target)),
      getOwnPropertyDescriptor: (target, key) => read(Reflect.getOwnPropertyDescriptor(target, key)),
    });
    const measures = analyseDocument(schema, document, { ...options, variables });
    if (!readVariables) {
      let documents = this.bySchema.get(schema);
      if (!documents) this.bySchema.set(schema, (documents = new WeakMap()));
      documents.set(document, measures);
    }
    return measures;
  }
}
