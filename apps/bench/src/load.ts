import autocannon from 'autocannon';

export const HOME_PATH = '/ios/v1/home';

export interface LoadSpec {
  baseUrl: string;
  connections: number;
  durationSec: number;
  /** Stop after this many requests instead (autocannon's `amount`). */
  amount?: number;
  /** Requests rotate over these users' tokens, one user after the other. */
  tokens: readonly string[];
  /** Per user: the ETag to send as If-None-Match (a phone revalidating its cached screen). */
  etags?: readonly string[];
}

/** What a phone sends besides its token: it accepts compressed bodies like any HTTP stack. */
export const PHONE_HEADERS = { 'accept-encoding': 'gzip, br', accept: 'application/json' };

/** One autocannon run of `GET /ios/v1/home`, every request for the next user in the rotation. */
export function runLoad(spec: LoadSpec): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: `${spec.baseUrl}${HOME_PATH}`,
    connections: spec.connections,
    duration: spec.durationSec,
    amount: spec.amount,
    requests: [
      {
        setupRequest: (request) => {
          const user = next++ % spec.tokens.length;
          const etag = spec.etags?.[user];
          request.headers = {
            ...PHONE_HEADERS,
            authorization: `Bearer ${spec.tokens[user]}`,
            ...(etag === undefined ? {} : { 'if-none-match': etag }),
          };
          return request;
        },
      },
    ],
  });
}
