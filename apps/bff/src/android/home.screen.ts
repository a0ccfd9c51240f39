import { HomeAggregator } from '@app/aggregation';
import { HOME_V1_DEPRECATION, HomeScreen, homeScreen, HomeScreenDto } from '@app/presentation';
import { Screen, ScreenCall } from '@app/screens';
import { ANDROID_HOME } from './android.platform';

@Screen('v1/home', HomeScreenDto(ANDROID_HOME), {
  images: true,
  errors: [503],
  deprecated: HOME_V1_DEPRECATION,
})
export class AndroidHomeScreen {
  constructor(private readonly home: HomeAggregator) {}

  async render(call: ScreenCall): Promise<HomeScreen> {
    return homeScreen(await this.home.load(call, ANDROID_HOME), call);
  }
}
