import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { BffHarness, startBff } from './support/bff-harness';
import { Platform, ROUTES } from './support/routes';

type Schema = Record<string, unknown>;

/** Every object schema made closed, so a response field the document does not declare fails. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, closed(value)]),
  );
  return 'properties' in copy ? { ...copy, additionalProperties: false } : copy;
}

describe('Swagger documents', () => {
  let bff: BffHarness;

  beforeAll(async () => {
    bff = await startBff();
  });
  afterAll(() => bff.close());

  it('serves the Swagger UI at /docs and per platform', async () => {
    for (const platform of [undefined, 'ios', 'android'] as const) {
      const response = await bff.client.docs(platform);
      expect(response.status).toBe(200);
      expect(response.text).toContain('swagger-ui');
    }
  });

  describe.each<{ platform: Platform; other: Platform; headers: Record<string, string> }>([
    { platform: 'ios', other: 'android', headers: { 'X-Display-Scale': '2' } },
    { platform: 'android', other: 'ios', headers: { 'X-Display-Density': 'hdpi' } },
  ])('/docs/$platform-json', ({ platform, other, headers }) => {
    let document: Schema & {
      paths: Record<string, Schema>;
      components: { schemas: Schema; securitySchemes: Schema };
    };

    beforeAll(async () => {
      const response = await bff.client.apiDocument(platform);
      expect(response.status).toBe(200);
      document = response.body;
    });

    it(`documents only ${platform} routes, with the bearer scheme`, () => {
      const paths = Object.keys(document.paths);
      expect(paths).toContain(ROUTES.home(platform));
      expect(
        paths.some(
          (path) =>
            path.startsWith(`${ROUTES.platform(other)}/`) || path.startsWith(ROUTES.health.root),
        ),
      ).toBe(false);
      expect(document.components.securitySchemes).toMatchObject({
        bearer: { type: 'http', scheme: 'bearer' },
      });
      expect(JSON.stringify(document.paths[ROUTES.home(platform)])).toContain('"bearer"');
    });

    it('describes exactly what the home endpoint returns, success and errors', async () => {
      const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
      ajv.addSchema({ components: closed(document.components) }, 'openapi');
      const responses = (
        document.paths[ROUTES.home(platform)] as { get: { responses: Record<string, Schema> } }
      ).get.responses;
      const schemaFor = (status: number) => {
        const content = responses[status].content as Record<string, { schema: { $ref: string } }>;
        const ref = content['application/json'].schema.$ref.replace('#/', 'openapi#/');
        return ajv.compile({ $ref: ref });
      };

      const ok = await bff.client.home(platform, { token: await bff.token(), headers });
      const validateOk = schemaFor(200);
      expect(validateOk(ok.body) ? [] : validateOk.errors).toEqual([]);

      const unauthenticated = await bff.client.home(platform);
      const validateError = schemaFor(401);
      expect(validateError(unauthenticated.body) ? [] : validateError.errors).toEqual([]);

      bff.backends.setFault('users', { kind: 'status', status: 500 });
      const unavailable = await bff.client.home(platform, { token: await bff.token() });
      bff.backends.clearFaults();
      expect(unavailable.status).toBe(503);
      expect(schemaFor(503)(unavailable.body)).toBe(true);
    });
  });
});
