import { ShutdownState } from '@app/health';
import { BffHarness, startBff } from './support/bff-harness';

describe(ShutdownState.name, () => {
  let bff: BffHarness;

  beforeAll(async () => {
    bff = await startBff();
  });
  afterAll(() => bff.close());

  it('turns readiness to 503 once draining, while liveness and the API keep answering 200', async () => {
    expect((await bff.http.get('/health/ready')).status).toBe(200);

    bff.app.get(ShutdownState).beginDraining();

    const ready = await bff.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ error: { code: 'UPSTREAM_UNAVAILABLE', retryable: true } });
    expect((await bff.http.get('/health/live')).status).toBe(200);
    const home = await bff.http
      .get('/ios/v1/home')
      .set('authorization', `Bearer ${await bff.token()}`);
    expect(home.status).toBe(200);
  });
});
