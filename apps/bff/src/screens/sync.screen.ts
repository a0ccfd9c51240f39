import { Query } from '@nestjs/common';
import { SyncAggregator } from '@app/aggregation';
import { SyncQueryDto, syncScreen, SyncScreenDto } from '@app/presentation';
import { Screen, ScreenCall } from '@app/screens';

@Screen('v1/sync', SyncScreenDto, {
  operationId: 'getSync',
  summary: 'Orders and notifications changed since the last sync',
  images: true,
  errors: [503, 504],
  cached: false,
  clientMaxAgeSec: 0,
})
export class SyncScreen {
  constructor(private readonly sync: SyncAggregator) {}

  async render(call: ScreenCall, @Query() query: SyncQueryDto): Promise<SyncScreenDto> {
    return syncScreen(await this.sync.load(call, query.since), call);
  }
}
