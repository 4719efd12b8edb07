import type { ErrorBody, ErrorCode } from '@tori/protocol';

type Issue = { path: string; message: string };

/** A failure the client caused or may act on; answered with its status and an ErrorBody. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

export const badRequest = (message: string, issues?: Issue[]) => new ApiError(400, 'bad_request', message, issues);
/** The body had the right syntax but not the right content. */
export const invalidBody = (message: string, issues?: Issue[]) => new ApiError(422, 'invalid_body', message, issues);
export const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const originNotAllowed = (message: string) => new ApiError(403, 'origin_not_allowed', message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const votingClosed = (message: string) => new ApiError(409, 'voting_closed', message);
/** The facilitator has closed the board to new ideas. */
export const boardClosed = (message: string) => new ApiError(403, 'board_closed', message);
export const rateLimited = (message: string) => new ApiError(429, 'rate_limited', message);
