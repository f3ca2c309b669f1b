import { loggedUrl } from './logging';

describe('the URL a request log keeps', () => {
  it('hides tokens a link or form carries, and keeps the rest', () => {
    expect(loggedUrl('/reset-password?token=abc-DEF_123')).toBe('/reset-password?token=[redacted]');
    expect(loggedUrl('/admin/x/image?_csrf=s3cret&revision=4')).toBe(
      '/admin/x/image?_csrf=[redacted]&revision=4',
    );
    expect(loggedUrl('/courses?q=marrow&page=2')).toBe('/courses?q=marrow&page=2');
  });
});
