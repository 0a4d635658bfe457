export type ConnectorLog = (message: string, fields?: Record<string, unknown>) => void;

/** One JSON line per state change on stdout. Callers never pass tokens. */
export const jsonLineLog: ConnectorLog = (message, fields = {}) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), msg: message, ...fields })}\n`);
};

export const silentLog: ConnectorLog = () => undefined;
