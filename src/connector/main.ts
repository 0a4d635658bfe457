import { jsonLineLog } from './connector-log';
import { CONNECTOR_HELP, parseConnectorOptions, UsageError } from './connector-options';
import { Connector, startConnector } from './connector';

const fail = (message: string) => process.stderr.write(`connector: ${message}\n`);

async function main(): Promise<number> {
  let options: ReturnType<typeof parseConnectorOptions>;
  try {
    options = parseConnectorOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    fail(`${error.message}\n\n${CONNECTOR_HELP}`);
    return 64;
  }
  if (options === 'help') {
    process.stdout.write(CONNECTOR_HELP);
    return 0;
  }

  let connector: Connector | undefined;
  const signalled = new Promise<void>((resolve) => {
    const onSignal = () => {
      // a signal while still registering: nothing to close yet
      if (!connector) process.exit(0);
      resolve();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });

  try {
    connector = await startConnector({ ...options, log: jsonLineLog });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
    return 1;
  }
  const error = await Promise.race([signalled.then(() => undefined), connector.finished]);
  await connector.stop();
  if (error) {
    fail(error.message);
    return 1;
  }
  return 0;
}

void main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    fail(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
