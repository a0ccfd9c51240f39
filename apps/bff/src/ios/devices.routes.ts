import { deviceRoutes } from '@app/screens';
import { APNS_TOKEN } from './ios.platform';

/** PUT and DELETE /ios/v1/devices/{pushToken}: an iOS device's APNs token. */
export const IosDevices = deviceRoutes(APNS_TOKEN, 'IosDevices');
