/**
 * Coded errors of the ARI adapter. The HTTP edge maps AriUnavailableError to 503 ARI_UNAVAILABLE
 * and AriRequestError by its status (404 = the call/bridge/recording is gone, 409 = wrong state).
 */

/** Asterisk answered with a non-2xx status. */
export class AriRequestError extends Error {
  readonly code = 'ARI_REQUEST_FAILED';

  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    /** First few hundred characters of the response; empty for requests marked sensitive. */
    readonly bodyExcerpt: string,
  ) {
    super(`ARI ${method} ${path} failed with ${status}${bodyExcerpt ? `: ${bodyExcerpt}` : ''}`);
    this.name = 'AriRequestError';
  }

  /** The resource is gone: usually a caller who hung up before we acted. Often not an error. */
  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/** Asterisk could not be reached at all (refused, reset, DNS, timeout). */
export class AriUnavailableError extends Error {
  readonly code = 'ARI_UNAVAILABLE';

  constructor(
    readonly method: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`ARI ${method} ${path} unavailable: ${reason}`);
    this.name = 'AriUnavailableError';
  }
}
