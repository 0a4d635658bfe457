import { parentPort, workerData } from 'node:worker_threads';
import { EmbeddedEngineOptions, messageOf, RunningEngine, startEmbeddedEngine } from './embedded-engine';
import type { EngineReport, EngineRequest } from './embedded-postgres';

/** The embedded engine on its own thread: its WASM work and socket server off the service's event loop. */
async function main(): Promise<void> {
  const port = parentPort!;
  const report = (message: EngineReport) => port.postMessage(message);
  let engine: RunningEngine;
  try {
    engine = await startEmbeddedEngine(workerData as EmbeddedEngineOptions);
  } catch (error) {
    report({ type: 'failed', message: messageOf(error) });
    port.close();
    return;
  }
  port.on('message', (request: EngineRequest) => {
    if (request.type !== 'stop') return;
    engine
      .stop()
      .catch((error: unknown) => report({ type: 'failed', message: messageOf(error) }))
      .finally(() => {
        port.close();
        // the thread ends on its own once the engine's handles are closed; this only covers a handle left open
        setTimeout(() => process.exit(0), 2_000).unref();
      });
  });
  report({ type: 'ready', endpoint: engine.endpoint });
}

void main();
