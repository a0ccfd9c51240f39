import { servedOn } from './port-routes';

describe(servedOn.name, () => {
  it.each(['/metrics', '/docs', '/docs/', '/docs/ios', '/docs/ios-json', '/docs/*', '/docs-yaml'])(
    'serves the operators’ route %s on the admin listener only',
    (route) => {
      expect(servedOn('admin', route)).toBe(true);
      expect(servedOn('public', route)).toBe(false);
    },
  );

  it.each(['/ios/v1/home', '/android/v1/orders/:orderId', '/metricsx', '/documents', '/'])(
    'serves %s on the public listener only',
    (route) => {
      expect(servedOn('public', route)).toBe(true);
      expect(servedOn('admin', route)).toBe(false);
    },
  );

  it.each(['/health/live', '/health/ready'])('serves the probe %s on both listeners', (route) => {
    expect(servedOn('public', route)).toBe(true);
    expect(servedOn('admin', route)).toBe(true);
  });
});
