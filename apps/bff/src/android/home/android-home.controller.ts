import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HomeAggregator } from '@app/aggregation';
import { CachedScreen, schemaVersion } from '@app/cache';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { ApiErrorResponses } from '@app/errors';
import { CacheControl } from '@app/http-caching';
import { ReqContext, RequestContext } from '@app/observability';
import { DISPLAY_DENSITY_DOC, DisplayDensity } from '../display-density';
import { AndroidHomeResponse } from './android-home.dto';
import { ANDROID_RECOMMENDATIONS, toAndroidHome } from './android-home.mapper';

/** Any change to the response DTO or its mapper starts a new cache keyspace. */
const HOME_SCHEMA = schemaVersion(AndroidHomeResponse, toAndroidHome);

@ApiTags('home')
@ApiBearerAuth()
@Controller('v1/home')
export class AndroidHomeController {
  constructor(private readonly home: HomeAggregator) {}

  @Get()
  @CacheControl('private', 30)
  @CachedScreen({
    platform: 'android',
    resource: 'home',
    schemaVersion: HOME_SCHEMA,
    varyBy: ['x-display-density'],
  })
  @ApiHeader(DISPLAY_DENSITY_DOC)
  @ApiOkResponse({ type: AndroidHomeResponse })
  @ApiErrorResponses(400, 401, 503)
  async getHome(
    @ReqContext() context: RequestContext,
    @CurrentUser() user: AuthenticatedUser,
    @DisplayDensity() density: number,
  ): Promise<AndroidHomeResponse> {
    const sources = await this.home.load(context, user.userId, {
      recommendationLimit: ANDROID_RECOMMENDATIONS,
    });
    return toAndroidHome(sources, context.traceId, density);
  }
}
