import type { ErrorBody } from '@tori/protocol';
import type { ToriErrorShape } from './contracts.js';

/** A failure a widget can show: the server's error body, or a network failure (`status` 0, code `network`). */
export class ToriError extends Error implements ToriErrorShape {
  readonly status: number;
  readonly code: string;
  readonly issues?: { path: string; message: string }[];

  constructor(status: number, code: string, message: string, issues?: { path: string; message: string }[]) {
    super(message);
    this.name = 'ToriError';
    this.status = status;
    this.code = code;
    if (issues) this.issues = issues;
  }

  /** Worth sending again later: the network, the server having a bad moment, or too many requests. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 408 || this.status === 429;
  }

  static from(shape: ToriErrorShape): ToriError {
    return shape instanceof ToriError ? shape : new ToriError(shape.status, shape.code, shape.message);
  }

  /** Turns an error answer of the server into a ToriError, whatever its body holds. */
  static fromBody(status: number, body: unknown): ToriError {
    const error = (body as Partial<ErrorBody> | null)?.error;
    if (error && typeof error.code === 'string') {
      return new ToriError(status, error.code, error.message ?? error.code, error.issues);
    }
    return new ToriError(status, status >= 500 ? 'internal' : 'bad_request', `The server answered ${status}.`);
  }

  static network(cause?: unknown): ToriError {
    const error = new ToriError(0, 'network', 'The server could not be reached.');
    if (cause !== undefined) (error as { cause?: unknown }).cause = cause;
    return error;
  }
}

/** Whatever was thrown, as a ToriError: fetch rejects with a TypeError (or a DOMException on timeout) when offline. */
export function toToriError(error: unknown): ToriError {
  if (error instanceof ToriError) return error;
  if (error instanceof TypeError || error instanceof DOMException) return ToriError.network(error);
  return new ToriError(0, 'unexpected', error instanceof Error ? error.message : String(error));
}
