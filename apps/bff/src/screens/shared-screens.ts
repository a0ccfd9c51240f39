import { ConfigScreen } from './config.screen';
import { OrderScreen } from './order.screen';
import { OrdersScreen } from './orders.screen';
import { ProductScreen } from './product.screen';
import { SyncScreen } from './sync.screen';

/**
 * Screens both platforms serve alike: each platform module lists them, and their platform (the
 * name, the display header that sizes images) comes from that module. A screen that needs its
 * own shaping on one platform moves into that platform's folder.
 */
export const SHARED_SCREENS = [ConfigScreen, OrderScreen, OrdersScreen, ProductScreen, SyncScreen];
