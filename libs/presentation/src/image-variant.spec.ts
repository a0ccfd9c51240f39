import { pickImageVariant } from './image-variant';

const image = {
  url: 'https://img.example/original.jpg',
  variants: {
    w160: 'https://img.example/w160.jpg',
    w240: 'https://img.example/w240.jpg',
    w320: 'https://img.example/w320.jpg',
    w480: 'https://img.example/w480.jpg',
    w640: 'https://img.example/w640.jpg',
  },
};

describe(pickImageVariant.name, () => {
  it.each([
    [1, 'w160'],
    [1.5, 'w240'],
    [2, 'w320'],
    [3, 'w480'],
    [4, 'w640'],
  ])('thumbnail at factor %s is %s', (factor, variant) => {
    expect(pickImageVariant(image, 'thumbnail', factor)).toBe(`https://img.example/${variant}.jpg`);
  });

  it('takes the largest variant when none is wide enough', () => {
    expect(pickImageVariant(image, 'productDetail', 3)).toBe('https://img.example/w640.jpg');
  });

  it('falls back to the original only without usable variants', () => {
    expect(pickImageVariant({ url: 'https://img.example/o.jpg' }, 'avatar', 2)).toBe(
      'https://img.example/o.jpg',
    );
    expect(pickImageVariant(null, 'avatar', 2)).toBeNull();
  });
});
