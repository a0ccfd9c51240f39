import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { BffHarness, startBff } from './support/bff-harness';
import { openApiPath, Platform, ROUTES } from './support/routes';

type Schema = Record<string, unknown>;

/**
 * OpenAPI 3.0 schemas as JSON Schema: every object schema closed, so a response field the document
 * does not declare fails, and `nullable` read as "or null" (also beside an `allOf` reference).
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const copy = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, closed(value)]));
  const shut = 'properties' in copy ? { ...copy, additionalProperties: false } : copy;
  return nullable === true ? { anyOf: [{ type: 'null' }, shut] } : shut;
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

  describe.each<{
    platform: Platform;
    other: Platform;
    headers: Record<string, string>;
    display: string;
  }>([
    {
      platform: 'ios',
      other: 'android',
      headers: { 'X-Display-Scale': '2' },
      display: 'X-Display-Scale',
    },
    {
      platform: 'android',
      other: 'ios',
      headers: { 'X-Display-Density': 'hdpi' },
      display: 'X-Display-Density',
    },
  ])('/docs/$platform-json', ({ platform, other, headers, display }) => {
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

    /** The validator of a route's documented answer for a status (closed: no extra field). */
    function documentedAnswer(route: string, status: number, method = 'get') {
      const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
      ajv.addSchema({ components: closed(document.components) }, 'openapi');
      const operation = document.paths[route][method] as { responses: Record<string, Schema> };
      const content = operation.responses[status].content as Record<
        string,
        { schema: { $ref: string } }
      >;
      const ref = content['application/json'].schema.$ref.replace('#/', 'openapi#/');
      return ajv.compile({ $ref: ref });
    }

    it('documents every route of the mobile contract, each method', () => {
      const methods = (route: string) => Object.keys(document.paths[route] ?? {}).sort();
      expect(methods(ROUTES.home(platform))).toEqual(['get']);
      expect(methods(ROUTES.homeV2(platform))).toEqual(['get']);
      expect(methods(openApiPath(ROUTES.product(platform)))).toEqual(['get']);
      expect(methods(ROUTES.orders(platform))).toEqual(['get']);
      expect(methods(openApiPath(ROUTES.order(platform)))).toEqual(['get']);
      expect(methods(ROUTES.config(platform))).toEqual(['get']);
      expect(methods(openApiPath(ROUTES.device(platform)))).toEqual(['delete', 'put']);
      expect(methods(ROUTES.sync(platform))).toEqual(['get']);
      expect((document.paths[ROUTES.home(platform)].get as Schema).deprecated).toBe(true);
    });

    it(`documents ${display} on every route whose images it sizes, and only there`, () => {
      const withImages = [
        ROUTES.home(platform),
        ROUTES.homeV2(platform),
        openApiPath(ROUTES.product(platform)),
        ROUTES.orders(platform),
        ROUTES.sync(platform),
      ];
      for (const [route, item] of Object.entries(document.paths)) {
        for (const operation of Object.values(item) as Array<{ parameters?: Schema[] }>) {
          const names = (operation.parameters ?? []).map((parameter) => parameter.name);
          expect([route, names.includes(display)]).toEqual([route, withImages.includes(route)]);
          expect(JSON.stringify(operation)).not.toContain('x-device-images');
        }
      }
    });

    it('describes exactly what the other screens return', async () => {
      const token = await bff.token();
      const orders = await bff.client.orders(platform, { token, headers });
      const answers: Array<[string, { body: unknown }]> = [
        [ROUTES.homeV2(platform), await bff.client.homeV2(platform, { token, headers })],
        [openApiPath(ROUTES.product(platform)), await bff.client.product(platform, 'p-202')],
        [ROUTES.orders(platform), orders],
        [
          openApiPath(ROUTES.order(platform)),
          await bff.client.order(platform, orders.body.orders[0].orderId, { token }),
        ],
        [ROUTES.config(platform), await bff.client.config(platform)],
        [ROUTES.sync(platform), await bff.client.sync(platform, { token, headers })],
      ];
      for (const [route, answer] of answers) {
        const validate = documentedAnswer(route, 200);
        expect([route, validate(answer.body) ? [] : validate.errors]).toEqual([route, []]);
      }
    });

    it('describes exactly what the home endpoint returns, success and errors', async () => {
      const schemaFor = (status: number) => documentedAnswer(ROUTES.home(platform), status);

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
