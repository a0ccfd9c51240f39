import { HomeAggregator } from '@app/aggregation';
import { HOME_V1_SCREEN, HomeScreen, homeScreen, HomeScreenDto } from '@app/presentation';
import { Screen, ScreenCall } from '@app/screens';
import { IOS_HOME } from './ios.platform';

@Screen('v1/home', HomeScreenDto(IOS_HOME), HOME_V1_SCREEN)
export class IosHomeScreen {
  constructor(private readonly home: HomeAggregator) {}

  async render(call: ScreenCall): Promise<HomeScreen> {
    return homeScreen(await this.home.load(call, IOS_HOME), call);
  }
}
