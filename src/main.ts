import 'reflect-metadata';
import { AppConfig, ConfigurationError, loadAppConfig } from './core/config/app-config';
import { createApp } from './bootstrap';
import { installConnectionDraining } from './core/http/connection-draining';

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
