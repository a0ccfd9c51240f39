import { MatchersV3 } from '@pact-foundation/pact';
import { DownstreamError } from '@app/downstream';
import { withBffClients } from './support/bff-clients';
import {
  BAD_SERVICE_TOKEN,
  bffHeaders,
  image,
  NOT_FOUND_BODY,
  PROVIDERS,
  UNAUTHORIZED_BODY,
  UNKNOWN_USER_ID,
  USER_ID,
} from './support/contract';
import { describePact } from './support/consumer-pact';

const { like } = MatchersV3;

describePact(PROVIDERS.users, (pact, interaction) => {
  interaction('GET /users/{id}: the caller’s profile', () =>
    pact
      .addInteraction()
      .given(`user ${USER_ID} exists`)
      .uponReceiving('a request for a user')
      .withRequest('GET', `/users/${USER_ID}`, (request) =>
        request.headers(bffHeaders({ userId: USER_ID })),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody({
          // Exactly the id asked for: any other is a bad answer to the BFF.
          id: USER_ID,
          displayName: like('Ada L.'),
          avatar: image('https://img.example/a/u-1001'),
          loyalty: { tier: like('GOLD') },
          locale: like('en-GB'),
        }),
      )
      .executeTest((server) =>
        withBffClients('users', server.url, async ({ users, context }) => {
          const user = await users.getUser(context(), USER_ID);
          expect(user).toEqual({
            id: USER_ID,
            displayName: 'Ada L.',
            avatar: {
              url: 'https://img.example/a/u-1001/original.jpg',
              variants: expect.objectContaining({ w160: 'https://img.example/a/u-1001/w160.jpg' }),
            },
            loyalty: { tier: 'GOLD' },
            locale: 'en-GB',
          });
        }),
      ),
  );

  interaction('GET /users/{id}: 404 for an unknown user', () =>
    pact
      .addInteraction()
      .given(`user ${UNKNOWN_USER_ID} does not exist`)
      .uponReceiving('a request for an unknown user')
      .withRequest('GET', `/users/${UNKNOWN_USER_ID}`, (request) =>
        request.headers(bffHeaders({ userId: UNKNOWN_USER_ID })),
      )
      .willRespondWith(404, (response) => response.jsonBody(NOT_FOUND_BODY))
      .executeTest((server) =>
        withBffClients('users', server.url, async ({ users, context }) => {
          await expect(users.getUser(context(), UNKNOWN_USER_ID)).rejects.toMatchObject({
            failure: 'not_found',
            status: 404,
          });
        }),
      ),
  );

  interaction('GET /users/{id}: 401 for a wrong service token', () =>
    pact
      .addInteraction()
      .given(`user ${USER_ID} exists`)
      .uponReceiving('a request for a user with a wrong service token')
      .withRequest('GET', `/users/${USER_ID}`, (request) =>
        request.headers(bffHeaders({ userId: USER_ID, token: BAD_SERVICE_TOKEN })),
      )
      .willRespondWith(401, (response) => response.jsonBody(UNAUTHORIZED_BODY))
      .executeTest((server) =>
        withBffClients(
          'users',
          server.url,
          async ({ users, context }) => {
            const failure = await users.getUser(context(), USER_ID).catch((e: unknown) => e);
            expect(failure).toBeInstanceOf(DownstreamError);
            expect(failure).toMatchObject({ failure: 'rejected', status: 401 });
          },
          BAD_SERVICE_TOKEN,
        ),
      ),
  );
});
