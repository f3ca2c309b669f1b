import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';

/** One verification, as recorded. */
export interface VerificationEvent {
  at: Date;
  number: string;
  result: string;
  channel: string;
  organisationId: string | null;
  apiKeyId: string | null;
  userId: string | null;
}

interface Waiting {
  events: VerificationEvent[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Records verifications with group commit: checks arriving while one insert runs wait for the
 * next, which writes them all in one statement. Each caller still waits until its own rows are
 * committed, so every check answered is recorded; under load one insert serves many checks
 * instead of one each (verification is the busiest public endpoint).
 */
@Injectable()
export class VerificationRecorder {
  private queue: Waiting[] = [];
  private flushing = false;

  constructor(private readonly db: Database) {}

  record(events: VerificationEvent[]): Promise<void> {
    if (events.length === 0) {
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        void this.flush();
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.insert(batch.flatMap((waiting) => waiting.events));
        batch.forEach((waiting) => waiting.resolve());
      } catch (error) {
        batch.forEach((waiting) => waiting.reject(error));
      }
    }
    this.flushing = false;
  }

  private async insert(events: VerificationEvent[]): Promise<void> {
    const column = <K extends keyof VerificationEvent>(key: K) => events.map((event) => event[key]);
    await this.db.execute(
      `INSERT INTO verification_event (at, number, result, channel, organisation_id, api_key_id, user_id)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[])`,
      [
        column('at'),
        column('number'),
        column('result'),
        column('channel'),
        column('organisationId'),
        column('apiKeyId'),
        column('userId'),
      ],
    );
  }
}
