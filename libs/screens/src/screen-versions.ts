import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import * as presentation from '@app/presentation';
import type { ScreenDefinition } from './screen-definition';
import { screenVersion } from './screen-version';

/**
 * The cache-key version of every screen, from its platform's generated OpenAPI document and its
 * mapping code (the screen class and the presentation lib). The app registers each platform's
 * document at boot; versions are computed on first use and kept.
 */
@Injectable()
export class ScreenVersions {
  private readonly documents = new Map<string, OpenAPIObject>();
  private readonly versions = new Map<string, string>();

  register(platform: string, document: OpenAPIObject): void {
    this.documents.set(platform, document);
  }

  versionOf(platform: string, screen: ScreenDefinition): string {
    const key = `${platform}:${screen.path}`;
    let version = this.versions.get(key);
    if (version === undefined) {
      const document = this.documents.get(platform);
      if (!document) throw new Error(`no OpenAPI document was registered for ${platform}`);
      version = screenVersion(document, screen.response.name, [screen.screen, presentation]);
      this.versions.set(key, version);
    }
    return version;
  }
}
