import { HomeAggregator } from '@app/aggregation';
import { HOME_V2_SCREEN, HomeScreenV2, homeScreenV2, HomeScreenV2Dto } from '@app/presentation';
import { Screen, ScreenCall } from '@app/screens';
import { ANDROID_HOME } from './android.platform';

@Screen('v2/home', HomeScreenV2Dto(ANDROID_HOME), HOME_V2_SCREEN)
export class AndroidHomeV2Screen {
  constructor(private readonly home: HomeAggregator) {}

  async render(call: ScreenCall): Promise<HomeScreenV2> {
    return homeScreenV2(await this.home.load(call, ANDROID_HOME), call);
  }
}
