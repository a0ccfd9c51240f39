export const DEVICE_PLATFORMS = ['apns', 'fcm'] as const;
export type DevicePlatform = (typeof DEVICE_PLATFORMS)[number];

export interface Device {
  pushToken: string;
  userId: string;
  platform: DevicePlatform;
  appVersion: string;
  locale: string;
}

/** Push-device registrations of one demo instance, keyed by user and token (PUT is idempotent). */
export class DeviceStore {
  private readonly devices = new Map<string, Device>();

  /** Returns true when the registration is new. */
  upsert(device: Device): boolean {
    const key = DeviceStore.key(device.userId, device.pushToken);
    const created = !this.devices.has(key);
    this.devices.set(key, device);
    return created;
  }

  /** Returns false when that user has no such token. */
  remove(userId: string, pushToken: string): boolean {
    return this.devices.delete(DeviceStore.key(userId, pushToken));
  }

  list(): Device[] {
    return [...this.devices.values()];
  }

  private static key(userId: string, pushToken: string): string {
    return `${userId}\n${pushToken}`;
  }
}
