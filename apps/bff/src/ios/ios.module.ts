import { Module } from '@nestjs/common';
import { AggregationModule } from '@app/aggregation';
import { PLATFORM } from '@app/screens';
import { IosHomeScreen } from './home.screen';
import { IosHomeV2Screen } from './home-v2.screen';
import { IOS } from './ios.platform';

/** Everything under /ios: its screens over the shared libs, with iOS as their platform. */
@Module({
  imports: [AggregationModule],
  controllers: [IosHomeScreen, IosHomeV2Screen],
  providers: [{ provide: PLATFORM, useValue: IOS }],
})
export class IosModule {}
