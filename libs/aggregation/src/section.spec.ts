import { complete, failedSections, loadSection, Section } from './section';

describe('complete', () => {
  it('is a value that did not fail', () => {
    expect(complete([1, 2])).toEqual({ value: [1, 2], failed: false });
  });
});

describe(loadSection.name, () => {
  it('returns what the load gives, failed or not', async () => {
    await expect(loadSection(() => Promise.resolve(complete(3)), null)).resolves.toEqual({
      value: 3,
      failed: false,
    });
    const partial: Section<string[]> = { value: ['cached'], failed: true };
    await expect(loadSection(() => Promise.resolve(partial), [])).resolves.toBe(partial);
  });

  it('turns a rejected load into the empty value, marked failed', async () => {
    await expect(
      loadSection<number[]>(() => Promise.reject(new Error('down')), []),
    ).resolves.toEqual({ value: [], failed: true });
    await expect(
      loadSection<number | null>(() => Promise.reject(new Error('down')), null),
    ).resolves.toEqual({ value: null, failed: true });
  });

  it('also catches a load that throws synchronously', async () => {
    const load = (): Promise<Section<number>> => {
      throw new Error('boom');
    };
    await expect(loadSection(load, 0)).resolves.toEqual({ value: 0, failed: true });
  });
});

describe(failedSections.name, () => {
  it('lists the failed sections in the order given', () => {
    expect(
      failedSections({
        c: { value: null, failed: true },
        a: complete(1),
        b: { value: [], failed: true },
      }),
    ).toEqual(['c', 'b']);
  });

  it('is empty when nothing failed', () => {
    expect(failedSections({ a: complete(1), b: complete([]) })).toEqual([]);
  });
});
