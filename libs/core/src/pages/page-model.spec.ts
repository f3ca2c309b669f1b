import { safeLocalPath } from './page-model';

describe('safeLocalPath', () => {
  it.each([
    ['/profile', '/profile'],
    ['/admin/users?page=2', '/admin/users?page=2'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    [undefined, '/'],
    [42, '/'],
  ])('turns %p into %p', (candidate, expected) => {
    expect(safeLocalPath(candidate)).toBe(expected);
  });
});
