import { performance } from 'node:perf_hooks';
import { useBff } from './support/bff-harness';

const OPTIONAL = ['orders', 'catalog', 'notifications'] as const;

/** Polls (bounded) until `done` holds: the demo services report in-flight calls, not events. */
async function within(ms: number, done: () => boolean): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

describe('work stops once a screen is answered', () => {
  const suite = useBff();

  it('cancels the optional calls at once when the critical source fails', async () => {
    const { backends } = suite.bff;
    for (const service of OPTIONAL) backends.setFault(service, { kind: 'hang' });
    // A 404 is not retried: users fails at once.
    backends.setFault('users', { kind: 'status', status: 404 });

    const started = performance.now();
    const response = await suite.bff.client.home('ios', { token: suite.token });
    const answeredMs = performance.now() - started;

    expect(response.status).toBe(503);
    // Far inside the screen deadline (700 ms of calls): nobody waited for the hanging sources.
    expect(answeredMs).toBeLessThan(300);
    // The hanging calls were aborted, not left to run to their timeouts.
    const drained = await within(200, () =>
      OPTIONAL.every((service) => backends.inFlight(service).current === 0),
    );
    expect(OPTIONAL.map((service) => [service, backends.inFlight(service).current])).toEqual(
      OPTIONAL.map((service) => [service, 0]),
    );
    expect(drained).toBe(true);
  });
});
