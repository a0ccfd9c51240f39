import { Pool } from 'undici';
import { HOME_PATH } from './load';

export interface Visit {
  /** Per user, the ETag of their screen ('' when the answer had none). */
  etags: string[];
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** Screens answered with a degraded section: their ETag will not match a complete one. */
  degraded: number;
}

const CONCURRENCY = 32;

/**
 * Requests every user's home screen once: verifies each token (the token caches start warm, as
 * under steady traffic), fills the BFF's screen cache, and collects each screen's ETag.
 */
export async function visitAllUsers(baseUrl: string, tokens: readonly string[]): Promise<Visit> {
  const pool = new Pool(baseUrl, { connections: CONCURRENCY });
  const visit: Visit = {
    etags: new Array<string>(tokens.length).fill(''),
    statuses: {},
    degraded: 0,
  };
  let next = 0;
  const fetchScreen = async (user: number) => {
    const { statusCode, headers, body } = await pool.request({
      method: 'GET',
      path: HOME_PATH,
      headers: { authorization: `Bearer ${tokens[user]}` },
    });
    const screen = (await body.json()) as { meta?: { degraded?: boolean } };
    const etag = typeof headers.etag === 'string' ? headers.etag : '';
    return { statusCode, etag, degraded: screen.meta?.degraded === true };
  };
  const worker = async () => {
    for (let user = next++; user < tokens.length; user = next++) {
      let screen = await fetchScreen(user);
      // A degraded screen (a section missed the deadline) is a passing state: its ETag is not
      // the one a phone would hold, so ask once more.
      if (screen.degraded) screen = await fetchScreen(user);
      visit.statuses[screen.statusCode] = (visit.statuses[screen.statusCode] ?? 0) + 1;
      if (screen.degraded) visit.degraded += 1;
      visit.etags[user] = screen.etag;
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await pool.close();
  }
  return visit;
}

/** How many users got the very same screen content (same ETag) from both servers. */
export function sameScreens(a: Visit, b: Visit): number {
  return a.etags.filter((etag, user) => etag !== '' && etag === b.etags[user]).length;
}
