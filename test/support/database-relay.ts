import { AddressInfo, createServer, Server, Socket } from 'node:net';

/**
 * A TCP relay between the processes under test and PostgreSQL that can be cut and restored on
 * the same port: a database outage as they see it (connections refused, open ones broken).
 */
export class DatabaseRelay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** A relay to the database at `databaseUrl`, open; `url` is the same database through it. */
  static async to(databaseUrl: string): Promise<DatabaseRelay & { url: string }> {
    const target = new URL(databaseUrl);
    const relay = new DatabaseRelay(target.hostname, Number(target.port));
    await relay.up();
    const through = new URL(databaseUrl);
    through.hostname = '127.0.0.1';
    through.port = String(relay.port);
    return Object.assign(relay, { url: through.toString() });
  }

  /** Lets connections through again, on the same port. */
  async up(): Promise<void> {
    if (this.server) {
      return;
    }
    this.server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** The outage: refuses new connections and breaks the open ones. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
