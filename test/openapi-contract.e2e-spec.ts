import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BffHarness, startBff } from './support/bff-harness';
import { committedDocument, documentPath, OpenApiDocument } from './support/openapi';
import { breakingChanges } from './support/openapi-breaking';
import { PLATFORMS, Platform } from './support/routes';

const REPOSITORY = join(__dirname, '..');

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: REPOSITORY, encoding: 'utf8' });
}

/**
 * The version of a platform's document before the change under review: the committed one when the
 * working copy differs from it, else the one before the last commit that changed it.
 */
function previousVersion(platform: Platform): OpenApiDocument | undefined {
  const file = relative(REPOSITORY, documentPath(platform));
  const working = readFileSync(documentPath(platform), 'utf8');
  const versions = git('log', '--format=%H', '-n', '2', '--', file).split('\n').filter(Boolean);
  const head = versions.length > 0 ? git('show', `${versions[0]}:${file}`) : undefined;
  if (head !== undefined && head !== working) return JSON.parse(head) as OpenApiDocument;
  return versions[1]
    ? (JSON.parse(git('show', `${versions[1]}:${file}`)) as OpenApiDocument)
    : undefined;
}

describe('the published OpenAPI documents', () => {
  let bff: BffHarness;
  beforeAll(async () => {
    bff = await startBff();
  });
  afterAll(() => bff.close());

  it.each(PLATFORMS)(
    '%s: the served document is the committed one (`npm run openapi:update` writes it)',
    async (platform) => {
      const served = (await bff.client.apiDocument(platform)).body as OpenApiDocument;
      if (process.env.UPDATE_OPENAPI === '1') {
        writeFileSync(documentPath(platform), `${JSON.stringify(served, null, 2)}\n`);
      }
      expect(served).toEqual(JSON.parse(readFileSync(documentPath(platform), 'utf8')));
    },
  );

  it.each(PLATFORMS)('%s: breaks no client of the previous committed version', (platform) => {
    const previous = previousVersion(platform) ?? committedDocument(platform);
    expect(breakingChanges(previous, committedDocument(platform))).toEqual([]);
  });
});

describe(breakingChanges.name, () => {
  const current = (): OpenApiDocument => structuredClone(committedDocument('ios'));
  const schemas = (document: OpenApiDocument) =>
    document.components.schemas as Record<string, { properties: Record<string, unknown> }>;
  const operation = (document: OpenApiDocument, path: string) =>
    document.paths[path].get as unknown as { parameters: Array<Record<string, unknown>> };

  it('finds nothing between a document and itself', () => {
    expect(breakingChanges(current(), current())).toEqual([]);
  });

  it('fails on a removed response field, a retyped one, and one that may now be null', () => {
    const changed = current();
    delete schemas(changed).OrderDetailDto.properties.totalFormatted;
    schemas(changed).OrderSummaryDto.properties.itemCount = { type: 'string' };
    schemas(changed).MobileConfigDto.properties.supportUrl = { type: 'string', nullable: true };
    schemas(changed).MobileConfigDto.properties.latestVersion = { type: 'string', nullable: true };
    expect(breakingChanges(current(), changed)).toEqual(
      expect.arrayContaining([
        'GET /ios/v1/orders/{orderId} 200: field totalFormatted removed',
        'GET /ios/v1/orders 200.orders[].itemCount: type "integer" became "string"',
        'GET /ios/v1/config 200.latestVersion: may now be null',
      ]),
    );
  });

  it('fails on a removed route, a new required parameter and narrowed values', () => {
    const changed = current();
    delete changed.paths['/ios/v1/sync'];
    operation(changed, '/ios/v1/orders').parameters.push({
      name: 'region',
      in: 'query',
      required: true,
      schema: { type: 'string' },
    });
    (schemas(changed).DisplayScale as unknown as { enum: string[] }).enum = ['2', '3'];
    const problems = breakingChanges(current(), changed);
    expect(problems).toEqual(
      expect.arrayContaining([
        'GET /ios/v2/home: header:x-display-scale no longer takes 1',
        'GET /ios/v1/orders: new required query:region',
        'GET /ios/v1/sync: removed',
      ]),
    );
    // Every route whose images the header sizes is affected; the others are not.
    expect(problems.filter((problem) => problem.includes('x-display-scale'))).toHaveLength(4);
  });

  it('lets a new version of a route change its shape', () => {
    const changed = current();
    changed.paths['/ios/v3/home'] = structuredClone(changed.paths['/ios/v2/home']);
    (changed.paths['/ios/v3/home'].get as unknown as { responses: object }).responses = {};
    expect(breakingChanges(current(), changed)).toEqual([]);
  });
});
