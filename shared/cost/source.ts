import { TokenKind, type DocumentNode } from 'graphql';

/**
 * Lexical tokens of a parsed document, as graphql-js's `maxTokens` counts them (comments are
 * not tokens), read from the token list the parser keeps: no second lexing pass.
 */
export function countTokens(document: DocumentNode): number {
  let count = 0;
  for (let token = document.loc?.startToken.next; token && token.kind !== TokenKind.EOF; token = token.next) {
    if (token.kind !== TokenKind.COMMENT) count += 1;
  }
  return count;
}
