'use strict';
// v4's error shapes. `ClerkAPIResponseError` mirrors @clerk/shared's class field for
// field (own enumerable `toString`, `status`, `clerkTraceId`, `clerkError`, `errors`), so
// `err.clerkError`, `String(err)` and `JSON.stringify(err)` read as in 4.13.23.

class ClerkAPIResponseError extends Error {
  constructor(message, { data, status, clerkTraceId }) {
    super(message);
    this.toString = () => {
      let text = `[${this.name}]\nMessage:${this.message}\nStatus:${this.status}\nSerialized errors: ${this.errors.map((e) => JSON.stringify(e))}`;
      if (this.clerkTraceId) text += `\nClerk Trace ID: ${this.clerkTraceId}`;
      return text;
    };
    Object.setPrototypeOf(this, ClerkAPIResponseError.prototype);
    this.status = status;
    this.message = message;
    this.clerkTraceId = clerkTraceId;
    this.clerkError = true;
    this.errors = (data || []).map(parseError);
  }
}

function parseError(e) {
  const meta = e.meta || {};
  return { code: e.code, message: e.message, longMessage: e.longMessage, meta: { paramName: meta.paramName, sessionId: meta.sessionId } };
}

// Builds the error of a failed call from the native envelope's JSON.
function apiError(d) {
  const err = new ClerkAPIResponseError(d.message, { data: [], status: d.status, clerkTraceId: d.clerkTraceId });
  err.errors = d.unexpected === undefined ? d.errors.map(parseError) : [{ code: 'unexpected_error', message: d.unexpected }];
  if (d.retryAfter !== undefined) err.retryAfter = d.retryAfter; // A2
  if (d.cause !== undefined) Object.defineProperty(err, 'cause', { value: new Error(d.cause), configurable: true, writable: true });
  return err;
}

// An answer v4 could not use (a resource constructor threw on it): its unexpected_error.
function unexpectedError(cause) {
  return apiError({ status: '', message: '', clerkTraceId: '', unexpected: (cause && cause.message) || 'Unexpected error' });
}

module.exports = { ClerkAPIResponseError, apiError, unexpectedError };
