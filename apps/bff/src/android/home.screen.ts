import { HomeAggregator } from '@app/aggregation';
import { HOME_V1_SCREEN, HomeScreen, homeScreen, HomeScreenDto } from '@app/presentation';
import { Screen, ScreenCall } from '@app/screens';
import { ANDROID_HOME } from './android.platform';

@Screen('v1/home', HomeScreenDto(ANDROID_HOME), HOME_V1_SCREEN)
export class AndroidHomeScreen {
  constructor(private readonly home: HomeAggregator) {}

  async render(call: ScreenCall): Promise<HomeScreen> {
    return homeScreen(await this.home.load(call, ANDROID_HOME), call);
  }
}
