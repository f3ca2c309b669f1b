import type { AddressInfo } from 'node:net';
import type { Type } from '@nestjs/common';
import { SMTPServer } from 'smtp-server';
import { Database } from '@academy/core';
import { EmailDeliveryService } from '@academy/notifications';

/** One message as the SMTP server received it. */
export interface ReceivedMail {
  /** Envelope recipients. */
  to: string[];
  raw: string;
}

/** One part of a MIME message, its body decoded to text. */
export interface MimePart {
  headers: Record<string, string>;
  text: string;
}

/**
 * A real SMTP server on 127.0.0.1 (random port, no TLS, no authentication) that keeps what it
 * receives, and can refuse the next messages with a temporary error (451) to test retries.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** Every DATA attempt, refused or not, by envelope recipient. */
  readonly attempts: string[][] = [];
  private refusals = 0;
  private refusal = { code: 451, text: 'Mailbox busy, try again later' };

  private readonly server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((address) => address.address);
        this.attempts.push(to);
        if (this.refusals > 0) {
          this.refusals -= 1;
          callback(Object.assign(new Error(this.refusal.text), { responseCode: this.refusal.code }));
          return;
        }
        this.received.push({ to, raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });

  private constructor() {}

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  /** `smtp://127.0.0.1:<port>`, for `SMTP_URL`. */
  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  /** Refuses the next `count` messages with a temporary error. */
  refuseNext(count: number, refusal = { code: 451, text: 'Mailbox busy, try again later' }): void {
    this.refusals = count;
    this.refusal = refusal;
  }

  /** Messages received for this address. */
  receivedFor(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }

  /** The text of the newest message to this address, '' when none came. */
  newestText(address: string): string {
    return textOf(this.receivedFor(address).at(-1));
  }

  /** Delivery attempts (refused ones too) for this address. */
  attemptsFor(address: string): number {
    return this.attempts.filter((to) => to.includes(address)).length;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  return headers;
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const bytes = body
        .replace(/=\r\n/g, '')
        .split(/(=[0-9A-F]{2})/i)
        .flatMap((piece) =>
          /^=[0-9A-F]{2}$/i.test(piece) ? [parseInt(piece.slice(1), 16)] : [...Buffer.from(piece, 'utf8')],
        );
      return Buffer.from(bytes).toString('utf8');
    }
    default:
      return body;
  }
}

/** The headers of a received message (names lower-case, folded lines joined). */
export function headersOf(raw: string): Record<string, string> {
  return parseHeaders(raw.slice(0, raw.indexOf('\r\n\r\n')));
}

/** The leaf parts of a received message, bodies decoded (base64, quoted-printable). */
export function partsOf(raw: string): MimePart[] {
  const split = raw.indexOf('\r\n\r\n');
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split + 4);
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (!boundary || !headers['content-type']?.toLowerCase().startsWith('multipart/')) {
    return [{ headers, text: decodeBody(body, headers['content-transfer-encoding']) }];
  }
  return body
    .split(`--${boundary}`)
    .slice(1, -1)
    .flatMap((part) => partsOf(part.replace(/^\r\n/, '').replace(/\r\n$/, '')));
}

/** The first part's text of a received message, '' for none. */
export function textOf(mail: ReceivedMail | undefined): string {
  return mail ? (partsOf(mail.raw)[0]?.text ?? '') : '';
}

/** Sends every e-mail waiting in the outbox, as the worker would (last try: no retry later). */
export async function deliverPending(nest: { get<T>(type: Type<T>): T }): Promise<void> {
  const { rows } = await nest
    .get(Database)
    .execute<{ id: string }>(`SELECT id FROM email_outbox WHERE status = 'pending'`);
  for (const { id } of rows) {
    await nest.get(EmailDeliveryService).deliver(id, { last: true });
  }
}
