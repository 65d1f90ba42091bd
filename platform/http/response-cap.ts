import { ErrorCode } from '../../contract/errors.js';

/**
 * The last line against answers too large to send: a node refuses to ship more than
 * `maxBytes` (the cost limits should stop such requests long before they run). The client gets
 * a coded error instead of a body that would exhaust the gateway's memory or its own.
 */
export function capResponse(body: Buffer, maxBytes: number | undefined): Buffer {
  if (maxBytes === undefined || body.length <= maxBytes) return body;
  return Buffer.from(
    JSON.stringify({
      errors: [
        {
          message: `The answer would be ${body.length} bytes, over this service's limit of ${maxBytes}; ask for fewer rows or fields`,
          extensions: { code: ErrorCode.RESPONSE_TOO_LARGE, size: body.length, limit: maxBytes },
        },
      ],
    }),
  );
}
