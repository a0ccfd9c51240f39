import { DEMO_HOST, DEMO_IDP_PORT } from '@app/config';

/** `npm run demo:token -- <userId>`: prints a fresh day-long token from the running demo's IdP. */
async function main(): Promise<number> {
  const userId = process.argv[2] ?? 'u-1001';
  if (!/^u-\d+$/.test(userId)) {
    console.error(`Note: demo users look like u-1001; ${userId} will have no profile.`);
  }
  const url = `http://${DEMO_HOST}:${DEMO_IDP_PORT}/demo/token?sub=${encodeURIComponent(userId)}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  } catch {
    console.error(
      `Nothing answers on ${DEMO_HOST}:${DEMO_IDP_PORT}: start the demo with npm start first.`,
    );
    return 1;
  }
  const body: unknown = await response.json().catch(() => undefined);
  const token =
    typeof body === 'object' && body !== null && 'token' in body ? body.token : undefined;
  if (response.status !== 200 || typeof token !== 'string') {
    console.error(`The demo IdP answered ${response.status}: start the demo with npm start first.`);
    return 1;
  }
  console.log(token);
  return 0;
}

void main().then((code) => {
  process.exitCode = code;
});
