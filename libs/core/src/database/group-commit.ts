interface Waiting<Input, Output> {
  inputs: Input[];
  resolve: (outputs: Output[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for a hot statement: inputs arriving while one statement runs wait for the next,
 * which serves them all. Under load one round trip serves many callers; alone, a caller's
 * statement starts at once (no timer, no added latency). Each caller is answered only once the
 * statement holding its inputs has finished, with the outputs of its own inputs, in order; if
 * that statement fails, so do its callers (and only they).
 */
export class GroupCommit<Input, Output> {
  private queue: Waiting<Input, Output>[] = [];
  private running = false;

  /** `run` answers one output per input, in order. */
  constructor(private readonly run: (inputs: Input[]) => Promise<Output[]>) {}

  submit(inputs: Input[]): Promise<Output[]> {
    return new Promise<Output[]>((resolve, reject) => {
      this.queue.push({ inputs, resolve, reject });
      if (!this.running) {
        this.running = true;
        void this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        const outputs = await this.run(batch.flatMap((waiting) => waiting.inputs));
        let offset = 0;
        for (const waiting of batch) {
          waiting.resolve(outputs.slice(offset, offset + waiting.inputs.length));
          offset += waiting.inputs.length;
        }
      } catch (error) {
        batch.forEach((waiting) => waiting.reject(error));
      }
    }
    this.running = false;
  }
}
