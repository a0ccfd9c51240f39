import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { HOME_RECENT_ORDERS, HomeSources } from '@app/aggregation';
import { OrderRowDto, orderRow } from './order-row';
import { DEFAULT_LOCALE } from './price-format';
import { ProductCardDto, productCard } from './product-card';
import { ScreenMetaDto, screenMeta } from './screen-meta';
import { UserHeaderDto, userHeader } from './user-header';

/** What a platform decides about its home screen. */
export interface HomeLayout {
  /** How many recommendations the platform lays out. */
  readonly recommendations: number;
}

/** The home screen as both platforms render it (the mobile contract's `GET /{platform}/v1/home`). */
export interface HomeScreen<Meta = ScreenMetaDto, User = UserHeaderDto> {
  meta: Meta;
  user: User;
  recentOrders: OrderRowDto[];
  recommendations: ProductCardDto[];
  unreadNotifications: number | null;
}

/** Who a screen is rendered for: the trace it answers in and the device's image factor. */
export interface Rendering {
  readonly request: { readonly traceId: string };
  readonly display: number;
}

/** The home screen's OpenAPI shape for one platform's layout (its own document, its own limits). */
export function HomeScreenDto(layout: HomeLayout): Type<HomeScreen> {
  return homeResponse('HomeScreenResponse', layout, ScreenMetaDto, UserHeaderDto);
}

/**
 * A home response class under `name` (its OpenAPI component): the versions differ in their
 * `meta` and `user` shapes only.
 */
export function homeResponse<Meta, User>(
  name: string,
  layout: HomeLayout,
  meta: Type<Meta>,
  user: Type<User>,
): Type<HomeScreen<Meta, User>> {
  class HomeResponse {
    @ApiProperty({ type: meta }) meta!: Meta;
    @ApiProperty({ type: user }) user!: User;
    @ApiProperty({ type: [OrderRowDto], maxItems: HOME_RECENT_ORDERS })
    recentOrders!: OrderRowDto[];
    @ApiProperty({ type: [ProductCardDto], maxItems: layout.recommendations })
    recommendations!: ProductCardDto[];
    @ApiProperty({ type: 'integer', nullable: true, description: 'null when notifications failed' })
    unreadNotifications!: number | null;
  }
  Object.defineProperty(HomeResponse, 'name', { value: name });
  return HomeResponse;
}

/** Composes the home screen from the shared pieces; prices in the user's own locale. */
export function homeScreen(home: HomeSources, rendering: Rendering): HomeScreen {
  const locale = home.user.locale ?? DEFAULT_LOCALE;
  return {
    meta: screenMeta(rendering.request.traceId, home.degradedSections),
    user: userHeader(home.user, rendering.display),
    recentOrders: home.recentOrders.map(orderRow),
    recommendations: home.recommendations.map((product) =>
      productCard(product, locale, rendering.display),
    ),
    unreadNotifications: home.unreadNotifications,
  };
}
