import { pageLinks, pageNumberOf, pagination } from './pagination';

describe('pageNumberOf', () => {
  it.each([
    [undefined, 1],
    ['', 1],
    ['abc', 1],
    ['0', 1],
    ['-3', 1],
    ['3', 3],
    ['2.7', 2],
    ['99999', 10_000],
    [['2', '5'], 1],
  ])('reads %p as page %p', (raw, expected) => {
    expect(pageNumberOf(raw)).toBe(expected);
  });
});

describe('pagination', () => {
  const link = pageLinks('/inbox');

  it('links the first page by its path alone and the others with their number', () => {
    expect([1, 2, 3].map(link)).toEqual(['/inbox', '/inbox?page=2', '/inbox?page=3']);
  });

  it('has no previous link on the first page and no next link on the last', () => {
    expect(pagination(1, 45, 20, link)).toEqual({ page: 1, pages: 3, previous: null, next: '/inbox?page=2' });
    expect(pagination(2, 45, 20, link)).toEqual({
      page: 2,
      pages: 3,
      previous: '/inbox',
      next: '/inbox?page=3',
    });
    expect(pagination(3, 45, 20, link)).toEqual({ page: 3, pages: 3, previous: '/inbox?page=2', next: null });
  });

  it('counts an empty list as one page', () => {
    expect(pagination(1, 0, 20, link)).toEqual({ page: 1, pages: 1, previous: null, next: null });
  });
});
