import type { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { WalSync } from './wal-sync';

/** The parts of Emscripten's NODEFS stream and its operations that are patched here. */
interface NodeStream {
  nfd?: number;
  node: unknown;
  shared: { refcount: number };
  walSegment?: boolean;
}
interface NodeFsStreamOps {
  open(stream: NodeStream): void;
  close(stream: NodeStream): void;
  write(stream: NodeStream, buffer: Int8Array, offset: number, length: number, position?: number): number;
  fsync?(stream: NodeStream): number;
}
interface NodeFsBackend {
  stream_ops: NodeFsStreamOps;
  realPath(node: unknown): string;
  /** Runs a host call, turning its error into the errno PostgreSQL expects. */
  tryFSOperation<T>(operation: () => T): T;
}
interface EmscriptenModule {
  FS: { filesystems: { NODEFS: NodeFsBackend } };
}
type EmscriptenOptions = Parameters<NodeFS['init']>[1] & { preRun?: Array<(module: EmscriptenModule) => void> };

const WAL_SEGMENT = /[/\\]pg_wal[/\\][0-9A-F]{24}$/;

/**
 * PostgreSQL settings that make the engine flush what it commits: PGlite starts with fsync off (`-F`), and
 * `fdatasync` is a no-op in its WASM runtime while `fsync` reaches the file system below.
 */
export const DURABLE_START_PARAMS = (defaults: readonly string[]): string[] => [
  ...defaults.filter((param) => param !== '-F'),
  '-c',
  'fsync=on',
  '-c',
  'wal_sync_method=fsync',
  '-c',
  'synchronous_commit=on',
];

/**
 * PGlite's Node file system with real flushes. Emscripten's NODEFS writes straight to the host files but
 * has no fsync, so a commit was only ever in the OS page cache. Here a WAL segment's fsync becomes a
 * request to `walSync` (flushed in rounds: group commit), and every other write first completes those
 * requests, so a data page never reaches the disk before the log that describes it.
 */
export class DurableNodeFS extends NodeFS {
  private zeros = new Uint8Array(8192);

  constructor(
    directory: string,
    readonly walSync: WalSync,
  ) {
    super(directory);
  }

  async init(pg: PGlite, options: EmscriptenOptions) {
    const { emscriptenOpts } = await super.init(pg, options);
    const preRun = (emscriptenOpts as EmscriptenOptions).preRun ?? [];
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...preRun, (module: EmscriptenModule) => this.patch(module.FS.filesystems.NODEFS)] } };
  }

  private patch(nodefs: NodeFsBackend): void {
    const ops = nodefs.stream_ops;
    const { open, write } = ops;
    const walSync = this.walSync;
    ops.open = (stream) => {
      open(stream);
      stream.walSegment = WAL_SEGMENT.test(nodefs.realPath(stream.node));
    };
    ops.write = (stream, buffer, offset, length, position) => {
      if (!stream.walSegment && !this.isZeroFill(buffer, offset, length)) walSync.syncNow();
      return write(stream, buffer, offset, length, position);
    };
    ops.fsync = (stream) =>
      nodefs.tryFSOperation(() => {
        const fd = stream.nfd;
        if (fd === undefined) return 0;
        if (stream.walSegment) walSync.request(fd);
        else walSync.syncFile(fd);
        return 0;
      });
    ops.close = (stream) =>
      nodefs.tryFSOperation(() => {
        const fd = stream.nfd;
        if (fd === undefined) return;
        stream.shared.refcount -= 1;
        if (stream.shared.refcount === 0) walSync.close(fd);
      });
  }

  /** Extending a relation writes zeroed pages, which depend on no log record. */
  private isZeroFill(buffer: Int8Array, offset: number, length: number): boolean {
    if (length > this.zeros.length) this.zeros = new Uint8Array(length);
    const written = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
    return Buffer.compare(written, this.zeros.subarray(0, length)) === 0;
  }
}
