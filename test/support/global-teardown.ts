import { rm } from 'node:fs/promises';
import type { EmbeddedDatabase } from '@academy/core';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { academyTestServer?: { server: EmbeddedDatabase; clusterDir: string } })
    .academyTestServer;
  if (state) {
    await state.server.stop();
    await rm(state.clusterDir, { recursive: true, force: true });
  }
}
