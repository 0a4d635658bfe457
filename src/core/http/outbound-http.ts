import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { request as httpRequest, IncomingMessage, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import { AllowedHost } from '../config/allowed-hosts';
import { AppConfig } from '../config/app-config';

export class OutboundRefused extends Error {}
export class OutboundFailed extends Error {}

export interface OutboundRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  /** At most MAX_BODY_BYTES of the body, as text. */
  body: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 256 * 1024;

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  return PRIVATE.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * HTTP to systems an admin allowed (webhook actions and pipeline stages): only hosts in OUTBOUND_ALLOWED_HOSTS, a
 * time limit, no redirects, a bounded answer. Private, loopback and link-local addresses are refused unless the
 * host was named exactly (not by a wildcard), and the check is made on the address actually connected to, so a
 * name that later resolves elsewhere cannot reach inside. Retries are the caller's (a job with back-off).
 */
@Injectable()
export class OutboundHttp {
  private readonly allowed: AllowedHost[];

  constructor(config: AppConfig) {
    this.allowed = config.outboundAllowedHosts;
  }

  /** Why this URL may not be called, or undefined when it may. */
  refusal(url: string): string | undefined {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'is not a valid URL';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be http:// or https://';
    if (parsed.username || parsed.password) return 'must not carry credentials';
    return this.match(parsed) ? undefined : `${parsed.host} is not in OUTBOUND_ALLOWED_HOSTS`;
  }

  async request(outbound: OutboundRequest): Promise<OutboundResponse> {
    const problem = this.refusal(outbound.url);
    if (problem) throw new OutboundRefused(`${outbound.url} ${problem}`);
    const url = new URL(outbound.url);
    const rule = this.match(url)!;
    const options: RequestOptions = {
      method: outbound.method ?? 'POST',
      headers: { 'user-agent': 'openclaw-mission-control', ...(outbound.headers ?? {}) },
      lookup: (hostname, opts, callback) =>
        dnsLookup(hostname, { ...opts, all: true }, (error, addresses) => {
          if (error) return callback(error, '', 4);
          const usable = (addresses as LookupAddress[]).filter((entry) => rule.wildcard === false || !isPrivateAddress(entry.address));
          if (usable.length === 0) return callback(new OutboundRefused(`${hostname} resolves only to private addresses`), '', 4);
          if (opts.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, usable);
          callback(null, usable[0].address, usable[0].family);
        }),
    };
    if (rule.wildcard && isIP(url.hostname) && isPrivateAddress(url.hostname)) throw new OutboundRefused(`${url.hostname} is a private address`);
    return new Promise<OutboundResponse>((resolve, reject) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(url, options, (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
          size += chunk.length;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value ?? '')])),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', (error) => reject(new OutboundFailed(error.message)));
      });
      request.setTimeout(outbound.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => request.destroy(new OutboundFailed(`no answer within ${outbound.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`)));
      request.on('error', (error) => reject(error instanceof OutboundRefused || error instanceof OutboundFailed ? error : new OutboundFailed(error.message)));
      request.end(outbound.body);
    });
  }

  private match(url: URL): AllowedHost | undefined {
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    return this.allowed.find(
      (rule) => (rule.port === undefined || rule.port === port) && (rule.wildcard ? host.endsWith(rule.host) && host.length > rule.host.length : host === rule.host),
    );
  }
}
