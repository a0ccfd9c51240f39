import { Module } from '@nestjs/common';
import { AggregationModule } from '@app/aggregation';
import { PLATFORM } from '@app/screens';
import { SHARED_SCREENS } from '../screens/shared-screens';
import { AndroidDevices } from './devices.routes';
import { AndroidHomeV2Screen } from './home-v2.screen';
import { AndroidHomeScreen } from './home.screen';
import { ANDROID } from './android.platform';

/** Everything under /android: its own screens, the shared ones, with Android as their platform. */
@Module({
  imports: [AggregationModule],
  controllers: [AndroidHomeScreen, AndroidHomeV2Screen, AndroidDevices, ...SHARED_SCREENS],
  providers: [{ provide: PLATFORM, useValue: ANDROID }],
})
export class AndroidModule {}
