/** Injection token: the URL of the database this process uses (`config.databaseUrl` or the embedded server's). */
export const DATABASE_URL = Symbol('DATABASE_URL');
