import { safeLocalPath } from './page-model';

describe('safeLocalPath', () => {
  it.each([
    ['/profile', '/profile'],
    ['/admin/users?page=2', '/admin/users?page=2'],
    ['/learning/bone-marrow-harvesting#module-2', '/learning/bone-marrow-harvesting#module-2'],
    ['/courses?q=marrow aspirate', '/courses?q=marrow%20aspirate'],
  ])('keeps the local path %p as %p', (candidate, expected) => {
    expect(safeLocalPath(candidate)).toBe(expected);
  });

  // Every way off the site seen in the wild, as the decoded value of `next` reaches the server.
  it.each([
    'https://evil.example/',
    'https:evil.example',
    '//evil.example/',
    '///evil.example/',
    '/\\evil.example',
    '/\\/evil.example',
    '\\/evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    '/%2F%2Fevil.example',
    '/%2f/evil.example',
    '/%5C/evil.example',
    'javascript:alert(1)',
    '/javascript:alert(1)'.slice(1),
    'evil.example',
    '/\u0000/x',
    '/\ud800',
    `/${'x'.repeat(1001)}`,
    '',
    undefined,
    42,
    ['/profile'],
  ])('sends %p to the fallback', (candidate) => {
    expect(safeLocalPath(candidate)).toBe('/');
    expect(safeLocalPath(candidate, '/learning')).toBe('/learning');
  });
});
