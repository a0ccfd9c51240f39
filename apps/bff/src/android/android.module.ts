import { Module } from '@nestjs/common';
import { AggregationModule } from '@app/aggregation';
import { PLATFORM } from '@app/screens';
import { AndroidHomeScreen } from './home.screen';
import { AndroidHomeV2Screen } from './home-v2.screen';
import { ANDROID } from './android.platform';

/** Everything under /android: its screens over the shared libs, with Android as their platform. */
@Module({
  imports: [AggregationModule],
  controllers: [AndroidHomeScreen, AndroidHomeV2Screen],
  providers: [{ provide: PLATFORM, useValue: ANDROID }],
})
export class AndroidModule {}
