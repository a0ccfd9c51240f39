import type { INestApplication, Type } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AndroidModule } from './android/android.module';
import { IosModule } from './ios/ios.module';

const PLATFORMS: ReadonlyArray<{ path: string; title: string; module: Type }> = [
  { path: 'ios', title: 'iOS', module: IosModule },
  { path: 'android', title: 'Android', module: AndroidModule },
];

/**
 * One OpenAPI document per platform (`/docs/ios`, `/docs/android`, raw JSON at `…-json`), and
 * `/docs` as a Swagger UI that switches between them.
 */
export function setupApiDocs(app: INestApplication): void {
  for (const platform of PLATFORMS) {
    const config = new DocumentBuilder()
      .setTitle(`Mobile BFF: ${platform.title} API`)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build();
    const document = SwaggerModule.createDocument(app, config, { include: [platform.module] });
    SwaggerModule.setup(`docs/${platform.path}`, app, document);
  }
  SwaggerModule.setup(
    'docs',
    app,
    () => ({ openapi: '3.0.0', info: { title: 'Mobile BFF', version: '1' }, paths: {} }),
    {
      explorer: true,
      jsonDocumentUrl: 'docs/index-json',
      swaggerOptions: {
        urls: PLATFORMS.map(({ path, title }) => ({ url: `/docs/${path}-json`, name: title })),
      },
    },
  );
}
