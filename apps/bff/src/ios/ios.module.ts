import { Module } from '@nestjs/common';
import { AggregationModule } from '@app/aggregation';
import { PLATFORM } from '@app/screens';
import { SHARED_SCREENS } from '../screens/shared-screens';
import { IosDevices } from './devices.routes';
import { IosHomeV2Screen } from './home-v2.screen';
import { IosHomeScreen } from './home.screen';
import { IOS } from './ios.platform';

/** Everything under /ios: its own screens, the shared ones, with iOS as their platform. */
@Module({
  imports: [AggregationModule],
  controllers: [IosHomeScreen, IosHomeV2Screen, IosDevices, ...SHARED_SCREENS],
  providers: [{ provide: PLATFORM, useValue: IOS }],
})
export class IosModule {}
