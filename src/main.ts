import 'reflect-metadata';
import { AppConfig, ConfigurationError, loadAppConfig } from './core/config/app-config';
import { embeddedPostgresFor } from './core/database/embedded-postgres';

function announceFirstStart(config: AppConfig, baseUrl: string): void {
  if (!config.generatedSecrets.includes('adminToken')) return;
  // printed once, on the start that generated it; it is kept in DATA_DIR/secrets.json
  process.stdout.write(
    `\n  Admin token (shown once, kept in ${config.dataDir}/secrets.json):\n    ${config.adminToken}\n` +
      `  API docs: ${baseUrl}/docs\n\n`,
  );
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadAppConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  // the engine starts on its own thread while this one loads the application (the same start the app awaits)
  embeddedPostgresFor(config)
    ?.start()
    .catch(() => undefined);
  const [{ createApp }, { installConnectionDraining }] = await Promise.all([import('./bootstrap.js'), import('./core/http/connection-draining.js')]);
  const app = await createApp(config);
  const beginDraining = installConnectionDraining(app);
  // useProcessExit: after a clean shutdown exit with code 0 (and flush the logger) instead of re-raising
  // the signal, so that supervisors see a graceful stop as success
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      beginDraining();
      setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    });
  }
  await app.listen(config.port, config.host);
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  announceFirstStart(config, `http://${shownHost}:${config.port}`);
}

main().catch((error) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
