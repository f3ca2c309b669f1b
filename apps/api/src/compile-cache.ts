import { enableCompileCache } from 'node:module';

// Imported first by each process's entry, before the application's modules load: V8 keeps the
// code it compiles in the system's temporary folder, and the next start reads it back instead of
// compiling again (about a sixth of the time a start spends loading modules). Only a cache:
// where it cannot be written (a read-only disk), a start compiles as before.
enableCompileCache();
