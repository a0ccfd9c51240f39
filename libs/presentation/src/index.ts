export { ChoiceHeader } from './header-choice.pipe';
export { IMAGE_BASE, pickImageVariant } from './image-variant';
export type { ImageRole, ResponsiveImage } from './image-variant';
export { formatPrice } from './price-format';
export type { Money } from './price-format';
export { ScreenMetaDto, screenMeta } from './screen-meta';
