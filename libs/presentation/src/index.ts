// Every module whole: screens hash all of this lib's exports into their cache-key versions
// (docs/adr/0004-derived-cache-keys.md), so nothing a mapper uses may hide behind the index.
export * from './device-registration';
export * from './display-header';
export * from './home-screen';
export * from './home-screen-v2';
export * from './image-variant';
export * from './locale';
export * from './mobile-config';
export * from './notification-item';
export * from './order-detail';
export * from './order-row';
export * from './order-summary';
export * from './orders-page';
export * from './price-format';
export * from './product-card';
export * from './product-detail';
export * from './screen-meta';
export * from './sync-screen';
export * from './user-header';
