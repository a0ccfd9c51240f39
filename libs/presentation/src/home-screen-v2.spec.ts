import { Controller, Get } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ApiOkResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import type { HomeSources } from '@app/aggregation';
import { homeScreen } from './home-screen';
import { homeScreenV2, HomeScreenV2Dto } from './home-screen-v2';

const CDN = 'https://cdn.kaffee.example';

const sources: HomeSources = {
  user: {
    id: 'at-88120',
    displayName: 'Jörg W.',
    avatar: {
      url: `${CDN}/a.jpg`,
      variants: { w160: `${CDN}/a-160.jpg`, w480: `${CDN}/a-480.jpg` },
    },
    loyalty: { tier: 'SILVER' },
    locale: 'de-AT',
  },
  recentOrders: [],
  recommendations: [
    { id: 'bohne-7', title: 'Bohnen', price: { amount: '14.5', currency: 'EUR' }, images: [] },
  ],
  unreadNotifications: null,
  degradedSections: ['unreadNotifications'],
};
const rendering = { request: { traceId: '0123456789abcdef0123456789abcdef' }, display: 3 };

describe(homeScreenV2.name, () => {
  it('is v1 with the avatar renamed profileImageUrl and schemaVersion 2 in meta', () => {
    const v1 = homeScreen(sources, rendering);
    const v2 = homeScreenV2(sources, rendering);
    expect(v2.user).toEqual({
      userId: 'at-88120',
      displayName: 'Jörg W.',
      profileImageUrl: `${CDN}/a-480.jpg`,
      loyaltyTier: 'SILVER',
    });
    expect(v2.user).not.toHaveProperty('avatarUrl');
    expect(v2.meta).toEqual({ ...v1.meta, generatedAt: v2.meta.generatedAt, schemaVersion: 2 });
    const { meta: _m1, user: _u1, ...v1Sections } = v1;
    const { meta: _m2, user: _u2, ...v2Sections } = v2;
    expect(v2Sections).toEqual(v1Sections);
  });
});

describe(HomeScreenV2Dto.name, () => {
  it('is its own OpenAPI component, with profileImageUrl and schemaVersion documented', async () => {
    const response = HomeScreenV2Dto({ recommendations: 8 });
    @Controller('v2/home')
    class HomeController {
      @Get()
      @ApiOkResponse({ type: response })
      home(): void {}
    }
    const moduleRef = await Test.createTestingModule({ controllers: [HomeController] }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter());
    const schemas = SwaggerModule.createDocument(app, new DocumentBuilder().build()).components
      ?.schemas as Record<string, { properties: Record<string, unknown> }>;
    await app.close();
    expect(response.name).toBe('HomeScreenV2Response');
    expect(Object.keys(schemas.UserProfileDto.properties).sort()).toEqual([
      'displayName',
      'loyaltyTier',
      'profileImageUrl',
      'userId',
    ]);
    expect(JSON.stringify(schemas.ScreenMetaV2Dto.properties.schemaVersion)).toContain(
      '#/components/schemas/HomeSchemaVersion',
    );
    expect(schemas.HomeSchemaVersion).toMatchObject({ enum: [2] });
    expect(schemas.HomeScreenV2Response.properties.recommendations).toMatchObject({ maxItems: 8 });
  });
});
