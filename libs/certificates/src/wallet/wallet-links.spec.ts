import { EXCHANGE_ID_PATTERN, exchangeDomain, walletLinks } from './wallet-links';

describe('wallet links', () => {
  const id = 'q3Vb0w9cT0dV7kqC2nYxXk1mVZbq2FZ0l7cQ9gX2aBc';

  it('gives the VCALM interaction URL (iuv=1), its interaction: deep link and the exchange URL', () => {
    expect(id).toMatch(EXCHANGE_ID_PATTERN);
    expect(walletLinks('https://academy.example.org', id)).toEqual({
      interactionUrl: `https://academy.example.org/wallet/${id}?iuv=1`,
      deepLink: `interaction:https://academy.example.org/wallet/${id}?iuv=1`,
      exchangeUrl: `https://academy.example.org/api/v1/exchanges/${id}`,
    });
  });

  it('keeps a base path and drops a trailing slash', () => {
    const links = walletLinks('https://example.org/academy/', id);
    expect(links.interactionUrl).toBe(`https://example.org/academy/wallet/${id}?iuv=1`);
    expect(links.exchangeUrl).toBe(`https://example.org/academy/api/v1/exchanges/${id}`);
  });

  it('reads as LCW reads an interaction URL: https with an iuv parameter, under the interaction: scheme', () => {
    const { deepLink, interactionUrl } = walletLinks('http://localhost:3000', id);
    // LCW's isInteractionUrl / parseInteractionUrl: the scheme prefix stripped, then `iuv` looked for.
    expect(deepLink.startsWith('interaction:')).toBe(true);
    const inner = new URL(deepLink.slice('interaction:'.length));
    expect(inner.href).toBe(interactionUrl);
    expect(inner.searchParams.get('iuv')).toBe('1');
    // VCALM: as short as possible, at most 400 characters for a QR code.
    expect(interactionUrl.length).toBeLessThan(400);
  });

  it('names the academy host as the DID Authentication domain', () => {
    expect(exchangeDomain('https://academy.example.org')).toBe('academy.example.org');
    expect(exchangeDomain('http://localhost:3000')).toBe('localhost:3000');
  });

  it('refuses ids of another shape', () => {
    expect(`${id}=`).not.toMatch(EXCHANGE_ID_PATTERN);
    expect(id.slice(1)).not.toMatch(EXCHANGE_ID_PATTERN);
    expect(`${id.slice(1)}/`).not.toMatch(EXCHANGE_ID_PATTERN);
  });
});
