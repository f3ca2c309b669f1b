/** Where a page of a list stands, with the links to its neighbours (null at either end). */
export interface Pagination {
  page: number;
  pages: number;
  previous: string | null;
  next: string | null;
}

/** A list page's 1-based number from a query or form: 1 to 10,000, 1 when missing or not a number. */
export function pageNumberOf(raw: unknown): number {
  return Math.max(1, Math.min(10_000, Math.floor(Number(raw)) || 1));
}

/** The previous and next links of page `page` of a list of `total` items, `size` a page. */
export function pagination(
  page: number,
  total: number,
  size: number,
  link: (page: number) => string,
): Pagination {
  const pages = Math.max(1, Math.ceil(total / size));
  return {
    page,
    pages,
    previous: page > 1 ? link(page - 1) : null,
    next: page < pages ? link(page + 1) : null,
  };
}

/** Links to the pages of the list at `path`: page 1 is the path itself, the others add `?page=n`. */
export function pageLinks(path: string): (page: number) => string {
  return (page) => (page === 1 ? path : `${path}?page=${page}`);
}
