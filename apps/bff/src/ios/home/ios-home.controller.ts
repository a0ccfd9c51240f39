import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HomeAggregator } from '@app/aggregation';
import { CachedScreen, schemaVersion } from '@app/cache';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { ApiErrorResponses } from '@app/errors';
import { CacheControl } from '@app/http-caching';
import { ReqContext, RequestContext } from '@app/observability';
import { DISPLAY_SCALE_DOC, DisplayScale } from '../display-scale';
import { IosHomeResponse } from './ios-home.dto';
import { IOS_RECOMMENDATIONS, toIosHome } from './ios-home.mapper';

/** Any change to the response DTO or its mapper starts a new cache keyspace. */
const HOME_SCHEMA = schemaVersion(IosHomeResponse, toIosHome);

@ApiTags('home')
@ApiBearerAuth()
@Controller('v1/home')
export class IosHomeController {
  constructor(private readonly home: HomeAggregator) {}

  @Get()
  @CacheControl('private', 30)
  @CachedScreen({
    platform: 'ios',
    resource: 'home',
    schemaVersion: HOME_SCHEMA,
    varyBy: ['x-display-scale'],
  })
  @ApiHeader(DISPLAY_SCALE_DOC)
  @ApiOkResponse({ type: IosHomeResponse })
  @ApiErrorResponses(400, 401, 503)
  async getHome(
    @ReqContext() context: RequestContext,
    @CurrentUser() user: AuthenticatedUser,
    @DisplayScale() scale: number,
  ): Promise<IosHomeResponse> {
    const sources = await this.home.load(context, user.userId, {
      recommendationLimit: IOS_RECOMMENDATIONS,
    });
    return toIosHome(sources, context.traceId, scale);
  }
}
