/** Connections the job engine (pg-boss) keeps beside the application's pool. */
export const JOB_ENGINE_CONNECTIONS = 2;

/** Connections the embedded engine's socket leaves for tools outside the service (psql, a benchmark's baseline). */
export const EMBEDDED_SPARE_CONNECTIONS = 4;

/** What the embedded engine's socket accepts: the application's pool, the job engine's, and the spare ones. */
export const embeddedConnectionLimit = (poolSize: number) => poolSize + JOB_ENGINE_CONNECTIONS + EMBEDDED_SPARE_CONNECTIONS;
