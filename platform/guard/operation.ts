import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { badRequest, ErrorCode } from '../../contract/errors.js';

/**
 * Apollo Server leaves an unresolvable operation to the executor, which @apollo/gateway answers
 * with HTTP 500; a subscription reaches a schema that has none. Both are the client's mistake.
 */
export function assertExecutableOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  operationName: string | null | undefined,
): void {
  if (!operation) {
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const message =
      operations.length === 0
        ? 'The document contains no operation'
        : operationName
          ? `The document has no operation named "${operationName}"`
          : `The document has ${operations.length} operations; say which to run with operationName`;
    throw badRequest(message, 'OPERATION_RESOLUTION_FAILURE');
  }
  if (operation.operation === 'subscription') {
    throw badRequest('Subscriptions are not supported: send queries and mutations over HTTP POST', ErrorCode.BAD_REQUEST);
  }
}
