/**
 * The addresses of one wallet exchange, as the Learner Credential Wallet (LCW) of the Digital
 * Credentials Consortium takes them, and as the W3C VC API for Lifecycle Management (VCALM,
 * formerly VC-API) defines them:
 *
 * - The interaction URL, `https://<academy>/wallet/<id>?iuv=1` (VCALM "Interaction URL Format":
 *   an opaque https URL with `iuv=1`). Fetched with `Accept: application/json` it answers
 *   `{ "protocols": { "vcapi": <exchange URL> } }` ("Interaction Protocols Response"). This is
 *   what the QR code holds: LCW's scanner (app/screens/AddScreen, `isInteractionUrl`) fetches it
 *   and runs the exchange; a phone's camera opens it as a page that offers the link below.
 * - The deep link, `interaction:<interaction URL>` (VCALM "Interaction Scheme Format"), which
 *   LCW registers as a URL scheme on iOS and Android (app.config.js `CFBundleURLSchemes`,
 *   `intentFilters`; app/lib/deepLinkConfig.ts → `redirectInteractionUrl`), for a phone that
 *   shows the certificate page itself.
 * - The exchange URL, `https://<academy>/api/v1/exchanges/<id>` (VCALM "Participate in an
 *   exchange"): LCW POSTs `{}` to it, receives a DIDAuthentication request, and POSTs its signed
 *   presentation to the same URL (app/lib/exchanges.ts `processRequest` → `sendToExchanger`).
 *
 * Sources: openwallet-foundation-labs/learner-credential-wallet (the project's current home;
 * interaction URLs since PR #945, released in v2.2.10, June 2026) and w3c/vcalm index.html.
 * LCW's older `https://lcw.app/request.html?issuer=…&vc_request_url=…&auth_type=bearer` and
 * `dccrequest://request?request=<JSON>` links still work there but are LCW-only: the interaction
 * URL is the format other VCALM wallets read too.
 */
export interface WalletLinks {
  /** For the QR code. */
  interactionUrl: string;
  /** For a button on the phone itself. */
  deepLink: string;
  /** Where the wallet POSTs. */
  exchangeUrl: string;
}

/** An exchange id: 32 random bytes in base64url (43 characters, no padding). */
export const EXCHANGE_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function walletLinks(publicUrl: string, exchangeId: string): WalletLinks {
  const base = publicUrl.replace(/\/+$/, '');
  const interactionUrl = `${base}/wallet/${exchangeId}?iuv=1`;
  return {
    interactionUrl,
    deepLink: `interaction:${interactionUrl}`,
    exchangeUrl: `${base}/api/v1/exchanges/${exchangeId}`,
  };
}

/** The `domain` a DID Authentication proof must name: the academy's host, as the wallet is told. */
export function exchangeDomain(publicUrl: string): string {
  return new URL(publicUrl).host;
}
