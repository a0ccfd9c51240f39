import cors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import { allowedMethods } from './method-not-allowed';

describe(allowedMethods.name, () => {
  let fastify: FastifyInstance;

  beforeAll(async () => {
    fastify = Fastify();
    // As with CORS on: a wildcard OPTIONS route that matches every path, known or not.
    await fastify.register(cors, { origin: false });
    fastify.get('/ios/v1/orders/:orderId', () => ({}));
    fastify.put('/ios/v1/devices/:pushToken', () => ({}));
    fastify.delete('/ios/v1/devices/:pushToken', () => ({}));
    await fastify.ready();
  });
  afterAll(() => fastify.close());

  it.each([
    ['a GET route (HEAD comes with it)', '/ios/v1/orders/o-1', ['GET', 'HEAD']],
    ['a route with a query string', '/ios/v1/orders/o-1?expand=items', ['GET', 'HEAD']],
    ['a route with a malformed query string', '/ios/v1/orders/o-1?x=%', ['GET', 'HEAD']],
    ['two routes on one path', '/ios/v1/devices/ab12', ['PUT', 'DELETE']],
    ['a path no route serves', '/ios/v1/nothing', []],
    ['a parent of a route', '/ios/v1/orders', []],
    ['a tunnel target', 'users.internal:443', []],
    ['a path the router cannot decode', '/ios/v1/orders/%ED%A0%80', []],
    ['a lone percent sign', '/%', []],
  ])('%s: %j', (_case, url, expected) => {
    expect(allowedMethods(fastify, url)).toEqual(expected);
  });
});
