/** Sets a provider state up (or tears it down); may return values for `fromProviderState`. */
export type StateFunc = (
  params?: Record<string, unknown>,
) => Promise<Record<string, unknown> | undefined>;
/** Provider state name → its handler (as @pact-foundation/pact's Verifier takes them). */
export type StateHandlers = Record<string, StateFunc | { setup?: StateFunc; teardown?: StateFunc }>;

export declare const BAD_SERVICE_TOKEN: string;
export declare const CONSUMER: string;
export declare const PACT_DIR: string;
export declare const PROVIDERS: readonly string[];
export declare function pactFile(provider: string): string;
export declare function verifyPacts(options: {
  provider: string;
  baseUrl: string;
  serviceToken: string;
  stateHandlers?: StateHandlers;
  statesUrl?: string;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
}): Promise<unknown>;
