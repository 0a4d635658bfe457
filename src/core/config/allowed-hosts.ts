export interface AllowedHost {
  /** `example.com`, or `.example.com` for `*.example.com`. */
  host: string;
  wildcard: boolean;
  port?: number;
}

/** `hooks.example.com`, `*.example.com`, `127.0.0.1:9000`, `[::1]:8080`. */
export function parseAllowedHosts(value: string | undefined): AllowedHost[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .map((entry) => {
      const match = /^(\*\.)?(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(entry);
      if (!match) throw new Error(`OUTBOUND_ALLOWED_HOSTS: "${entry}" is not a host, *.domain or host:port`);
      return { wildcard: Boolean(match[1]), host: (match[1] ? '.' : '') + match[2].replace(/^\[|\]$/g, ''), port: match[3] ? Number(match[3]) : undefined };
    });
}
