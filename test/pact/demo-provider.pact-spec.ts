import { readFileSync } from 'node:fs';
import { startDemoBackends, DemoBackends } from '../../apps/demo-backends/src';
import { SERVICE_NAMES } from '@app/config';
import { PROVIDERS } from './support/contract';
import { demoStateHandlers } from './demo-states';
import { pactFile, StateHandlers, verifyPacts } from './verify-pacts.cjs';

interface PactFile {
  interactions: { providerStates?: { name: string }[] }[];
}

const statesOf = (provider: string): string[] => {
  const pact = JSON.parse(readFileSync(pactFile(provider), 'utf8')) as PactFile;
  return pact.interactions.flatMap((i) => i.providerStates ?? []).map((state) => state.name);
};

/** The handlers, each failure remembered: the verifier only logs a state handler's error. */
function failingLoudly(handlers: StateHandlers, failures: string[]): StateHandlers {
  const wrap =
    <A extends unknown[], R>(state: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (error) {
        failures.push(`${state}: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    };
  return Object.fromEntries(
    Object.entries(handlers).map(([state, handler]) => [
      state,
      typeof handler === 'function'
        ? wrap(state, handler)
        : {
            setup: handler.setup && wrap(state, handler.setup),
            teardown: handler.teardown && wrap(state, handler.teardown),
          },
    ]),
  );
}

/**
 * The committed pacts (pacts/), verified against the demo services as the provider, by the code a
 * downstream team runs against its own service (`npm run pact:verify`): the demo and the BFF
 * cannot drift apart. Locally, a pact the consumer specs change in the same run is verified on
 * the next one; in CI pacts/ must already be what the consumer specs write.
 */
describe('the demo services honour the BFF’s pacts', () => {
  let demo: DemoBackends;
  beforeAll(async () => {
    demo = await startDemoBackends();
  });
  afterAll(() => demo.close());

  it.each(SERVICE_NAMES.map((service) => [PROVIDERS[service], service] as const))(
    '%s',
    async (provider, service) => {
      const failures: string[] = [];
      // The verifier prints its whole report; a failure carries it anyway.
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        await verifyPacts({
          provider,
          baseUrl: demo.urls[service],
          serviceToken: demo.serviceToken,
          stateHandlers: failingLoudly(demoStateHandlers(demo)[provider], failures),
          logLevel: 'error',
        });
      } finally {
        log.mockRestore();
      }
      expect(failures).toEqual([]);
    },
  );

  it('has a state handler for every provider state the pacts name (none is skipped)', () => {
    const handlers = demoStateHandlers(demo);
    for (const provider of Object.values(PROVIDERS)) {
      expect(statesOf(provider).filter((state) => !(state in handlers[provider]))).toEqual([]);
    }
  });
});
