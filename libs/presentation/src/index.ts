// Every module whole: screens hash all of this lib's exports into their cache-key versions
// (docs/adr/0004-derived-cache-keys.md), so nothing a mapper uses may hide behind the index.
export * from './display-header';
export * from './home-screen';
export * from './home-screen-v2';
export * from './image-variant';
export * from './order-row';
export * from './order-summary';
export * from './price-format';
export * from './product-card';
export * from './screen-meta';
export * from './user-header';
