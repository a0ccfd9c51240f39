import { Controller, Get, INestApplication, Type } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ApiOkResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import type { HomeSources } from '@app/aggregation';
import type { DownstreamOrder, DownstreamProduct, DownstreamUser } from '@app/downstream';
import { HomeScreen, homeScreen, HomeScreenDto, Rendering } from './home-screen';

const TRACE_ID = '5f1e2d3c4b5a69788796a5b4c3d2e1f0';
const CDN = 'https://img.mise.example';

const images = (name: string) => [
  {
    url: `${CDN}/${name}.webp`,
    variants: {
      w160: `${CDN}/${name}@160.webp`,
      w240: `${CDN}/${name}@240.webp`,
      w320: `${CDN}/${name}@320.webp`,
      w480: `${CDN}/${name}@480.webp`,
      w640: `${CDN}/${name}@640.webp`,
    },
  },
];

const user: DownstreamUser = {
  id: 'jp-user-000731',
  displayName: '佐藤 花子',
  avatar: images('avatar-731')[0],
  loyalty: { tier: 'GOLD' },
  locale: 'ja-JP',
};

const order = (orderId: string, quantities: number[], eta?: string | null): DownstreamOrder => ({
  orderId,
  userId: user.id,
  status: 'SHIPPED',
  placedAt: '2031-03-01T00:00:00Z',
  ...(eta === undefined ? {} : { estimatedDelivery: eta }),
  items: quantities.map((quantity, index) => ({
    productId: `${orderId}-p${index}`,
    name: `item ${index}`,
    quantity,
    unitPrice: { amount: '1000', currency: 'JPY' },
  })),
  totals: { grandTotal: { amount: '5000', currency: 'JPY' } },
});

const product = (id: string, amount: string, currency: string): DownstreamProduct => ({
  id,
  title: `Product ${id}`,
  price: { amount, currency },
  images: images(id),
});

const sources: HomeSources = {
  user,
  recentOrders: [order('JP-9001', [1, 4], '2031-03-05T09:00:00Z'), order('JP-9000', [3])],
  recommendations: [
    product('matcha-set', '12000', 'JPY'),
    product('kettle', '89.9', 'EUR'),
    product('tea-towel', '15', 'CHF'),
  ],
  unreadNotifications: 7,
  degradedSections: [],
};

const rendering = (display: number): Rendering => ({ request: { traceId: TRACE_ID }, display });

describe(homeScreen.name, () => {
  it('holds exactly the contract sections, each with exactly its contract fields', () => {
    const screen = homeScreen(sources, rendering(3));
    expect(Object.keys(screen).sort()).toEqual([
      'meta',
      'recentOrders',
      'recommendations',
      'unreadNotifications',
      'user',
    ]);
    expect(Object.keys(screen.meta).sort()).toEqual([
      'degraded',
      'degradedSections',
      'generatedAt',
      'traceId',
    ]);
    expect(Object.keys(screen.user).sort()).toEqual([
      'avatarUrl',
      'displayName',
      'loyaltyTier',
      'userId',
    ]);
    for (const row of screen.recentOrders) {
      expect(Object.keys(row).sort()).toEqual([
        'estimatedDelivery',
        'itemCount',
        'orderId',
        'status',
      ]);
    }
    for (const card of screen.recommendations) {
      expect(Object.keys(card).sort()).toEqual([
        'priceFormatted',
        'productId',
        'thumbnailUrl',
        'title',
      ]);
    }
  });

  it('renders every section for the user, in the sources order', () => {
    const screen = homeScreen(sources, rendering(2));
    expect(screen).toEqual<HomeScreen>({
      meta: {
        traceId: TRACE_ID,
        generatedAt: expect.any(String),
        degraded: false,
        degradedSections: [],
      },
      user: {
        userId: 'jp-user-000731',
        displayName: '佐藤 花子',
        avatarUrl: `${CDN}/avatar-731@320.webp`,
        loyaltyTier: 'GOLD',
      },
      recentOrders: [
        {
          orderId: 'JP-9001',
          status: 'SHIPPED',
          estimatedDelivery: '2031-03-05T09:00:00Z',
          itemCount: 5,
        },
        { orderId: 'JP-9000', status: 'SHIPPED', estimatedDelivery: null, itemCount: 3 },
      ],
      recommendations: [
        {
          productId: 'matcha-set',
          title: 'Product matcha-set',
          thumbnailUrl: `${CDN}/matcha-set@320.webp`,
          priceFormatted: '￥12,000',
        },
        {
          productId: 'kettle',
          title: 'Product kettle',
          thumbnailUrl: `${CDN}/kettle@320.webp`,
          priceFormatted: '€89.90',
        },
        {
          productId: 'tea-towel',
          title: 'Product tea-towel',
          thumbnailUrl: `${CDN}/tea-towel@320.webp`,
          priceFormatted: 'CHF\u00a015.00',
        },
      ],
      unreadNotifications: 7,
    });
  });

  it.each([
    [1, '@160'],
    [1.5, '@240'],
    [3, '@480'],
    [4, '@640'],
  ])('picks avatar and thumbnails for display factor %s', (factor, suffix) => {
    const screen = homeScreen(sources, rendering(factor));
    expect(screen.user.avatarUrl).toBe(`${CDN}/avatar-731${suffix}.webp`);
    expect(screen.recommendations.map((card) => card.thumbnailUrl)).toEqual([
      `${CDN}/matcha-set${suffix}.webp`,
      `${CDN}/kettle${suffix}.webp`,
      `${CDN}/tea-towel${suffix}.webp`,
    ]);
  });

  it('formats prices in the locale of the user profile', () => {
    const german = homeScreen({ ...sources, user: { ...user, locale: 'de-DE' } }, rendering(3));
    expect(german.recommendations.map((card) => card.priceFormatted)).toEqual([
      '12.000\u00a0¥',
      '89,90\u00a0€',
      '15,00\u00a0CHF',
    ]);
  });

  it('formats prices in en-US when the user has no locale', () => {
    const { locale: _locale, ...withoutLocale } = user;
    const screen = homeScreen({ ...sources, user: withoutLocale }, rendering(3));
    expect(screen.recommendations.map((card) => card.priceFormatted)).toEqual([
      '¥12,000',
      '€89.90',
      'CHF\u00a015.00',
    ]);
  });

  it('formats prices in en-US when the profile locale is null (the users payload allows it)', () => {
    const screen = homeScreen(
      { ...sources, user: { ...user, locale: null as unknown as string } },
      rendering(3),
    );
    expect(screen.recommendations[0].priceFormatted).toBe('¥12,000');
  });

  it('marks a screen with failed sections degraded, with empty sections', () => {
    const screen = homeScreen(
      {
        ...sources,
        recommendations: [],
        unreadNotifications: null,
        degradedSections: ['recommendations', 'unreadNotifications'],
      },
      rendering(3),
    );
    expect(screen.meta).toMatchObject({
      traceId: TRACE_ID,
      degraded: true,
      degradedSections: ['recommendations', 'unreadNotifications'],
    });
    expect(screen.recommendations).toEqual([]);
    expect(screen.unreadNotifications).toBeNull();
    expect(screen.recentOrders).toHaveLength(2);
  });

  it('keeps zero unread notifications as 0 (not null)', () => {
    expect(
      homeScreen({ ...sources, unreadNotifications: 0 }, rendering(3)).unreadNotifications,
    ).toBe(0);
  });
});

describe(HomeScreenDto.name, () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** The OpenAPI schema of the home response, as a platform's document would carry it. */
  async function documentedHome(response: Type): Promise<Record<string, unknown>> {
    @Controller('v1/home')
    class HomeController {
      @Get()
      @ApiOkResponse({ type: response })
      home(): void {}
    }
    const moduleRef = await Test.createTestingModule({ controllers: [HomeController] }).compile();
    app = moduleRef.createNestApplication(new FastifyAdapter());
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    const schema = document.components?.schemas?.[response.name];
    if (!schema || !('properties' in schema)) throw new Error('no home schema in the document');
    return schema.properties as Record<string, unknown>;
  }

  it.each([6, 8, 12])('documents at most %s recommendations for that layout', async (count) => {
    const properties = await documentedHome(HomeScreenDto({ recommendations: count }));
    expect(properties.recommendations).toMatchObject({ type: 'array', maxItems: count });
    expect(properties.recentOrders).toMatchObject({ type: 'array', maxItems: 3 });
  });

  it('documents exactly the contract sections', async () => {
    const properties = await documentedHome(HomeScreenDto({ recommendations: 6 }));
    expect(Object.keys(properties).sort()).toEqual([
      'meta',
      'recentOrders',
      'recommendations',
      'unreadNotifications',
      'user',
    ]);
    expect(properties.unreadNotifications).toMatchObject({ type: 'integer', nullable: true });
  });

  it('gives each layout its own class: one platform never changes the other', () => {
    const ios = HomeScreenDto({ recommendations: 6 });
    const android = HomeScreenDto({ recommendations: 8 });
    expect(ios).not.toBe(android);
  });
});
