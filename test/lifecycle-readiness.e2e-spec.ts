import { ShutdownState } from '@app/health';
import { BffHarness, startBff } from './support/bff-harness';

describe(ShutdownState.name, () => {
  let bff: BffHarness;

  beforeAll(async () => {
    bff = await startBff();
  });
  afterAll(() => bff.close());

  it('turns readiness to 503 once draining, while liveness and the API keep answering 200', async () => {
    expect((await bff.client.ready()).status).toBe(200);

    bff.app.get(ShutdownState).beginDraining();

    const ready = await bff.client.ready();
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ error: { code: 'UPSTREAM_UNAVAILABLE', retryable: true } });
    expect((await bff.client.live()).status).toBe(200);
    const home = await bff.client.home('ios', { token: await bff.token() });
    expect(home.status).toBe(200);
  });
});
