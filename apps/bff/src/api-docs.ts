import type { INestApplication, Type } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { documentDisplayHeaders, Platform, ScreenVersions } from '@app/screens';
import { documentPipelineHeaders } from './api-docs-headers';
import { AndroidModule } from './android/android.module';
import { ANDROID } from './android/android.platform';
import { IosModule } from './ios/ios.module';
import { IOS } from './ios/ios.platform';

const PLATFORMS: ReadonlyArray<{ platform: Platform; title: string; module: Type }> = [
  { platform: IOS, title: 'iOS', module: IosModule },
  { platform: ANDROID, title: 'Android', module: AndroidModule },
];

/**
 * One OpenAPI document per platform (`/docs/ios`, `/docs/android`, raw JSON at `…-json`), and
 * `/docs` as a Swagger UI that switches between them. Each document is also what versions its
 * platform's screen caches (ScreenVersions).
 */
export function setupApiDocs(app: INestApplication): void {
  const versions = app.get(ScreenVersions);
  for (const { platform, title, module } of PLATFORMS) {
    const config = new DocumentBuilder()
      .setTitle(`Mobile BFF: ${title} API`)
      .setDescription(
        `What the ${title} app calls: one call per screen. Errors share one envelope; every ` +
          'answer carries X-Request-Id and the rate-limit headers.',
      )
      .setVersion('1')
      .addServer('/', 'This BFF')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build();
    const document = SwaggerModule.createDocument(app, config, { include: [module] });
    documentDisplayHeaders(document, platform);
    documentPipelineHeaders(document);
    versions.register(platform.name, document);
    SwaggerModule.setup(`docs/${platform.name}`, app, document);
  }
  SwaggerModule.setup(
    'docs',
    app,
    () => ({ openapi: '3.0.0', info: { title: 'Mobile BFF', version: '1' }, paths: {} }),
    {
      explorer: true,
      jsonDocumentUrl: 'docs/index-json',
      swaggerOptions: {
        urls: PLATFORMS.map(({ platform, title }) => ({
          url: `/docs/${platform.name}-json`,
          name: title,
        })),
      },
    },
  );
}
