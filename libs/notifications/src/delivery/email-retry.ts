/**
 * How `notifications.send-email` retries an e-mail the server did not take for now (4xx, network
 * errors): seven more attempts, the first a minute later, then doubling (with jitter) up to two
 * hours apart: about four hours in all before it is given up.
 */
export const EMAIL_RETRY = { limit: 7, delaySeconds: 60, maxDelaySeconds: 2 * 60 * 60 } as const;

/**
 * A send error as it may be stored and logged: code, SMTP reply code and message, without the
 * SMTP credentials (should a URL appear) or any e-mail address, on one line of at most 500
 * characters.
 */
export function describeSendError(error: unknown, secrets: readonly string[] = []): string {
  const { code, responseCode, message } = (error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    message?: unknown;
  };
  let text = [
    typeof code === 'string' ? code : undefined,
    typeof responseCode === 'number' ? String(responseCode) : undefined,
    typeof message === 'string' ? message : String(error),
  ]
    .filter((part) => part !== undefined && part !== '')
    .join(' ');
  for (const secret of secrets) {
    if (secret.length > 0) {
      text = text.split(secret).join('***');
    }
  }
  return text
    .replace(/smtps?:\/\/[^\s@/]*@/gi, (match) => `${match.slice(0, match.indexOf('//') + 2)}***@`)
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '<address>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}
