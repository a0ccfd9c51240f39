import { deviceRoutes } from '@app/screens';
import { FCM_TOKEN } from './android.platform';

/** PUT and DELETE /android/v1/devices/{pushToken}: an Android device's FCM token. */
export const AndroidDevices = deviceRoutes(FCM_TOKEN, 'AndroidDevices');
