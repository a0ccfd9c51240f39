import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { BffHarness, startBff } from '../support/bff-harness';
import { openApiPath, Platform, ROUTES } from '../support/routes';

/**
 * Swagger UI as QA uses it, in a real headless Chromium: open /docs, pick a platform's document,
 * authorize with a demo token, then "Try it out" → "Execute" on every GET route and on a device
 * PUT/DELETE, reading the status and body the page shows. Every step leaves a screenshot in
 * test-artifacts/swagger-ui/. The page must load nothing from outside the BFF.
 */

const ARTIFACTS = join(__dirname, '../../test-artifacts/swagger-ui');
/** Short, but enough for a 2-core machine running the page and the BFF side by side. */
const STEP_TIMEOUT_MS = 10_000;
jest.setTimeout(3 * STEP_TIMEOUT_MS);

/** Debian's `chromium` (`.ci/run` installs it), or CHROMIUM_PATH. Never a downloaded browser. */
function chromiumExecutable(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return configured;
  }
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'The browser test needs Chromium: install Debian’s package (apt-get install chromium, as ' +
        '.ci/run does) or set CHROMIUM_PATH to a Chromium executable.',
    );
  }
}

interface Operation {
  method: 'get' | 'put' | 'delete';
  /** The route as the document writes it (`/ios/v1/orders/{orderId}`). */
  path: string;
  /** Parameter values to type (or pick, for an enum) after "Try it out". */
  parameters?: Record<string, string>;
  body?: string;
  /** The statuses of consecutive executions. */
  statuses: number[];
}

interface PlatformCase {
  platform: Platform;
  /** The name in the top bar's definition selector (api-docs.ts). */
  title: string;
  displayHeader: Record<string, string>;
  pushToken: string;
}

const CASES: PlatformCase[] = [
  {
    platform: 'ios',
    title: 'iOS',
    displayHeader: { 'X-Display-Scale': '2' },
    pushToken: '0123456789abcdef'.repeat(4),
  },
  {
    platform: 'android',
    title: 'Android',
    displayHeader: { 'X-Display-Density': 'hdpi' },
    pushToken: `fcm:${'A1b2_C3d4-'.repeat(12)}`,
  },
];

function operations({ platform, displayHeader, pushToken }: PlatformCase): Operation[] {
  const device = openApiPath(ROUTES.device(platform));
  return [
    { method: 'get', path: ROUTES.home(platform), parameters: displayHeader, statuses: [200] },
    { method: 'get', path: ROUTES.homeV2(platform), parameters: displayHeader, statuses: [200] },
    {
      method: 'get',
      path: openApiPath(ROUTES.product(platform)),
      parameters: { productId: 'p-202', ...displayHeader },
      statuses: [200],
    },
    { method: 'get', path: ROUTES.orders(platform), parameters: { limit: '2' }, statuses: [200] },
    {
      method: 'get',
      path: openApiPath(ROUTES.order(platform)),
      parameters: { orderId: 'o-1001-1' },
      statuses: [200],
    },
    {
      method: 'get',
      path: ROUTES.config(platform),
      parameters: { 'X-App-Version': '5.1.3' },
      statuses: [200],
    },
    { method: 'get', path: ROUTES.sync(platform), statuses: [200] },
    {
      method: 'put',
      path: device,
      parameters: { pushToken },
      body: JSON.stringify({ appVersion: '5.1.3', locale: 'en-GB' }),
      statuses: [201, 200],
    },
    { method: 'delete', path: device, parameters: { pushToken }, statuses: [204] },
  ];
}

/**
 * The token `npm run demo:token -- <userId>` prints: that script asks the running demo's identity
 * provider for it at `GET /demo/token`. The script is wired to the demo's fixed IdP port (4100),
 * so the test asks the same endpoint of the IdP this BFF trusts, on its free loopback port.
 */
async function demoToken(bff: BffHarness, userId: string): Promise<string> {
  const response = await fetch(`${bff.backends.idp.issuer}demo/token?sub=${userId}`);
  expect(response.status).toBe(200);
  const { token } = (await response.json()) as { token: string };
  return token;
}

/**
 * The name the page reaches the BFF by: not a loopback name, as in production (Swagger UI treats
 * `localhost` and `127.0.0.1` specially: it never shows its online validator badge there).
 * Chromium resolves it to the BFF's loopback address; nothing else is resolved or reachable.
 */
const DOCS_HOST = 'bff.test';

describe('Swagger UI in a headless Chromium', () => {
  let bff: BffHarness;
  let browser: Browser;
  let page: Page;
  let token: string;
  /** The BFF as the page sees it: `http://bff.test:<port>`. */
  let origin: string;
  const requested: string[] = [];
  let step = 0;

  /** A screenshot of the viewport, or of one element, numbered in the order of the steps. */
  async function screenshot(name: string, element?: Locator): Promise<void> {
    step += 1;
    const path = join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}.png`);
    await (element ? element.screenshot({ path }) : page.screenshot({ path }));
  }

  beforeAll(async () => {
    const executablePath = chromiumExecutable();
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    [bff, browser] = await Promise.all([
      startBff(),
      chromium.launch({
        executablePath,
        args: ['--no-sandbox', `--host-resolver-rules=MAP ${DOCS_HOST} 127.0.0.1`],
      }),
    ]);
    origin = `http://${DOCS_HOST}:${new URL(bff.baseUrl).port}`;
    token = await demoToken(bff, 'u-1001');
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('request', (request) => requested.push(request.url()));
    // Recorded above, then refused: the page must work without anything outside the BFF.
    await page.route('**/*', (route) =>
      isFromBff(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
    );
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await bff?.close();
  });

  const isFromBff = (url: string): boolean =>
    url.startsWith(`${origin}/`) || url.startsWith('data:');

  it('opens /docs', async () => {
    await page.goto(`${origin}${ROUTES.docs.ui()}`);
    await page.locator('.opblock').first().waitFor();
  });

  describe.each(CASES)('$title document', (platformCase) => {
    const { platform, title } = platformCase;

    it(`picks ${title} in the top bar's definition selector`, async () => {
      await page.locator('.topbar select').selectOption({ label: title });
      await page.locator('.info .title', { hasText: `Mobile BFF: ${title} API` }).waitFor();
      await page.locator(`[data-path="${ROUTES.home(platform)}"]`).waitFor();
      await screenshot(`${platform}-document`);
    });

    it('authorizes with a demo token', async () => {
      await page.locator('.auth-wrapper button.authorize').click();
      const dialog = page.locator('.modal-ux');
      const logout = dialog.locator('button', { hasText: 'Logout' });
      const input = dialog.locator('input');
      await input.or(logout).first().waitFor();
      // Still authorized from the other platform's document: start again, as QA would.
      if (await logout.isVisible()) await logout.click();
      await input.fill(token);
      await screenshot(`${platform}-authorize`);
      await dialog.locator('button.authorize').click();
      await logout.waitFor();
      await screenshot(`${platform}-authorized`);
      await dialog.locator('button.btn-done').click();
      await dialog.waitFor({ state: 'detached' });
    });

    it.each(
      operations(platformCase).map((operation) => [operation.method, operation.path, operation]),
    )('tries out %s %s', async (_method, _path, operation) => {
      const { method, path } = operation;
      const label = `${method}-${path.split('/').slice(1).join('-').replace(/[{}]/g, '')}`;
      try {
        await tryOut(operation, label);
      } catch (error) {
        await screenshot(`${label}-FAILED`);
        throw error;
      }
    });
  });

  it('loads nothing from outside the BFF', () => {
    expect(requested).toContain(`${origin}/docs/swagger-ui-bundle.js`);
    expect(requested).toContain(`${origin}${ROUTES.sync('android')}`);
    expect(requested.filter((url) => !isFromBff(url))).toEqual([]);
  });

  /** Expand, "Try it out", fill the parameters, "Execute" (once per expected status), collapse. */
  async function tryOut(operation: Operation, label: string): Promise<void> {
    const { method, path, parameters = {}, body, statuses } = operation;
    const block = page
      .locator('.opblock', { has: page.locator(`[data-path="${path}"]`) })
      .filter({ has: page.getByText(method.toUpperCase(), { exact: true }) });
    const toggle = block.locator('.opblock-summary-control');
    await toggle.click();
    // Swagger UI keeps an operation's state by operationId, which both documents share: after
    // the other platform's run it is still in "Try it out" mode (its button then says Cancel).
    const tryItOut = block.getByRole('button', { name: /^(Try it out|Cancel)$/ });
    if ((await tryItOut.innerText()) === 'Try it out') await tryItOut.click();
    for (const [name, value] of Object.entries(parameters)) {
      const row = block.locator(`tr[data-param-name="${name}"]`);
      const select = row.locator('select');
      if ((await select.count()) > 0) await select.selectOption(value);
      else await row.locator('input').fill(value);
    }
    if (body !== undefined) await block.locator('textarea.body-param__text').fill(body);

    const documented = await block
      .locator('.responses-table:not(.live-responses-table) tr.response > .response-col_status')
      .allInnerTexts();
    for (const [index, expected] of statuses.entries()) {
      expect([path, documented]).toEqual([path, expect.arrayContaining([String(expected)])]);
      const clear = block.getByRole('button', { name: 'Clear' });
      if (await clear.isVisible()) await clear.click();
      await block.getByRole('button', { name: 'Execute' }).click();
      const exchange = block.locator('.responses-inner > div', {
        has: page.locator('.live-responses-table'),
      });
      const live = exchange.locator('.live-responses-table tbody');
      const status = live.locator('.response-col_status');
      await status.waitFor();
      expect([path, (await status.innerText()).trim()]).toEqual([path, String(expected)]);
      const bodyHeading = live.getByRole('heading', { name: 'Response body' });
      if (expected === 204) {
        await live.getByRole('heading', { name: 'Response headers' }).waitFor();
        expect(await bodyHeading.count()).toBe(0);
      } else {
        const shown = await live.locator('.highlight-code pre').first().innerText();
        expect(JSON.parse(shown)).toEqual(expect.any(Object));
      }
      // The request as sent (curl, URL) and the response as shown.
      await screenshot(`${label}-${index + 1}-${expected}`, exchange);
    }
    await toggle.click();
  }
});
