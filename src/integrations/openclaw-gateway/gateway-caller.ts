export interface CallOptions {
  timeoutMs?: number;
}

/** Something that runs gateway methods: the direct WebSocket client, or a relay link to a remote connector. */
export interface GatewayCaller {
  call<T = unknown>(method: string, params?: object, options?: CallOptions): Promise<T>;
}
