import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { OrdersPageSources } from '@app/aggregation';
import type { DownstreamOrder, DownstreamProduct } from '@app/downstream';
import { orderSummary } from './order-summary';
import { OrdersPageQueryDto, ordersPage } from './orders-page';

const order = (orderId: string, productId: string): DownstreamOrder => ({
  orderId,
  userId: 'owner',
  status: 'DELIVERED',
  placedAt: '2031-02-01T00:00:00Z',
  items: [{ productId, name: 'Tent', quantity: 1, unitPrice: { amount: '250', currency: 'JPY' } }],
  totals: { grandTotal: { amount: '12000', currency: 'JPY' } },
});

const tent: DownstreamProduct = {
  id: 'p-tent',
  title: 'Tent',
  price: { amount: '250', currency: 'JPY' },
  images: [{ url: 'https://img.example/tent.jpg', variants: { w160: 'small', w480: 'large' } }],
};

const page: OrdersPageSources = {
  orders: [order('o-2', 'p-tent'), order('o-1', 'p-gone')],
  thumbnails: new Map([['p-tent', tent]]),
  locale: 'ja-JP',
  nextCursor: 'sealed-token',
};

/** What the global pipe does with a query: convert, then validate (unknown fields refused). */
function validated(query: Record<string, unknown>) {
  const dto = plainToInstance(OrdersPageQueryDto, query);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  return {
    dto,
    issues: errors.map((error) => [error.property, Object.values(error.constraints ?? {})[0]]),
  };
}

describe(ordersPage.name, () => {
  it('maps every order in order, with the sealed cursor as it is', () => {
    expect(ordersPage(page, 3)).toEqual({
      orders: page.orders.map((item) => orderSummary(item, page.thumbnails, 'ja-JP', 3)),
      nextCursor: 'sealed-token',
    });
    expect(ordersPage(page, 3).orders.map((summary) => summary.thumbnailUrl)).toEqual([
      'large',
      null,
    ]);
  });

  it('formats in the user’s locale, or in en-US without one', () => {
    expect(ordersPage(page, 1).orders[0].totalFormatted).toBe('￥12,000');
    expect(ordersPage({ ...page, locale: undefined }, 1).orders[0].totalFormatted).toBe('¥12,000');
  });

  it('ends with a null cursor on the last page', () => {
    expect(ordersPage({ ...page, nextCursor: null }, 1).nextCursor).toBeNull();
    expect(ordersPage({ ...page, orders: [], nextCursor: null }, 1)).toEqual({
      orders: [],
      nextCursor: null,
    });
  });
});

describe(OrdersPageQueryDto.name, () => {
  it('defaults to 20 orders and no cursor', () => {
    expect(validated({})).toEqual({ dto: { limit: 20 }, issues: [] });
  });

  it.each([
    ['1', 1],
    ['50', 50],
    ['07', 7],
  ])('takes limit=%s as %i', (limit, expected) => {
    expect(validated({ limit, cursor: 'abc' })).toEqual({
      dto: { limit: expected, cursor: 'abc' },
      issues: [],
    });
  });

  it.each([['0'], ['51'], ['abc'], ['1.5'], ['-1'], [''], ['1e1'], ['0x10'], [' 5'], [['5', '6']]])(
    'refuses limit=%j, saying what it must be',
    (limit) => {
      expect(validated({ limit }).issues).toEqual([
        ['limit', 'must be an integer between 1 and 50'],
      ]);
    },
  );

  it('refuses a repeated cursor and any other parameter', () => {
    expect(validated({ cursor: ['a', 'b'] }).issues.map(([field]) => field)).toEqual(['cursor']);
    expect(validated({ page: '2' }).issues.map(([field]) => field)).toEqual(['page']);
  });
});
