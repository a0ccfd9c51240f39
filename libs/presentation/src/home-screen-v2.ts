import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { HomeSources } from '@app/aggregation';
import { HomeLayout, HomeScreen, homeResponse, homeScreen, Rendering } from './home-screen';
import { ScreenMetaDto } from './screen-meta';

/** v1 of the home screen is retired in favour of v2 from this date (the `Deprecation` header). */
export const HOME_V1_DEPRECATION = {
  successor: 'v2/home',
  since: new Date('2026-12-02T00:00:00Z'),
} as const;

/** How both platforms declare their home screens (their classes differ in the layout only). */
export const HOME_V1_SCREEN = {
  operationId: 'getHome',
  summary: 'The home screen (v1, deprecated: use getHomeV2)',
  images: true,
  errors: [503],
  deprecated: HOME_V1_DEPRECATION,
} as const;

export const HOME_V2_SCREEN = {
  operationId: 'getHomeV2',
  summary: 'The home screen: user, recent orders, recommendations, unread count',
  images: true,
  errors: [503],
} as const;

/** v2's `meta` says which schema it is. */
export class ScreenMetaV2Dto extends ScreenMetaDto {
  @ApiProperty({ enum: [2], enumName: 'HomeSchemaVersion', example: 2 }) schemaVersion!: 2;
}

export type HomeScreenV2 = HomeScreen<ScreenMetaV2Dto, UserProfileDto>;

/** v2's user at the top of the home screen: v1's header with `avatarUrl` renamed. */
export class UserProfileDto {
  @ApiProperty({ example: 'u-1001' }) userId!: string;
  @ApiProperty({ example: 'Ada L.' }) displayName!: string;
  @ApiProperty({ type: String, nullable: true }) profileImageUrl!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'GOLD' }) loyaltyTier!: string | null;
}

export function HomeScreenV2Dto(layout: HomeLayout): Type<HomeScreenV2> {
  return homeResponse('HomeScreenV2Response', layout, ScreenMetaV2Dto, UserProfileDto);
}

/** The v1 home screen with v2's renamed avatar and its schema version. */
export function homeScreenV2(home: HomeSources, rendering: Rendering): HomeScreenV2 {
  const {
    meta,
    user: { avatarUrl, ...user },
    ...sections
  } = homeScreen(home, rendering);
  return {
    meta: { ...meta, schemaVersion: 2 },
    user: { ...user, profileImageUrl: avatarUrl },
    ...sections,
  };
}
