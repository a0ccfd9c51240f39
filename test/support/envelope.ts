/**
 * The contract's error envelope as a `toEqual` expectation: this code, this retryability, a
 * message a phone may show and a 32-hex trace id; nothing else (no details, no stack).
 */
export function expectedEnvelope(code: string, retryable: boolean): unknown {
  return {
    error: {
      code,
      message: expect.any(String),
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      retryable,
    },
  };
}
