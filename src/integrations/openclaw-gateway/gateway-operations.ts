import { GatewayCaller } from './gateway-caller';
import { buildSkillArchive } from './skill-archive';

/** Base64 of this many bytes stays under 256 KiB per chunk frame. */
export const UPLOAD_CHUNK_BYTES = 192 * 1024;

const INSTALL_TIMEOUT_MS = 120_000;

export interface GatewayHealth {
  ok: boolean;
  [key: string]: unknown;
}

export interface GatewayAgent {
  id: string;
  name?: string;
  [key: string]: unknown;
}

export interface GatewayAgentList {
  defaultId: string;
  agents: GatewayAgent[];
}

export interface GatewaySession {
  key: string;
  [key: string]: unknown;
}

export interface GatewaySessionList {
  sessions: GatewaySession[];
  count: number;
}

export interface ChatMessage {
  sessionKey: string;
  message: string;
  idempotencyKey: string;
}

export interface ChatAck {
  runId: string;
  status: string;
}

export interface GatewaySkill {
  name: string;
  skillKey: string;
  source: string;
  disabled: boolean;
  eligible: boolean;
  [key: string]: unknown;
}

export interface SkillInstallResult {
  ok: boolean;
  message: string;
  slug?: string;
  targetDir?: string;
  [key: string]: unknown;
}

export interface AgentFile {
  name: string;
  path: string;
  missing: boolean;
  size?: number;
  updatedAtMs?: number;
  hash?: string;
  content?: string;
}

export interface AgentFileResult {
  agentId: string;
  workspace?: string;
  file: AgentFile;
}

export const health = (caller: GatewayCaller) => caller.call<GatewayHealth>('health');

export const status = (caller: GatewayCaller) => caller.call<Record<string, unknown>>('status');

export const listAgents = (caller: GatewayCaller) => caller.call<GatewayAgentList>('agents.list');

export const listSessions = (caller: GatewayCaller, params: object = {}) => caller.call<GatewaySessionList>('sessions.list', params);

/** Starts a run; its reply arrives as `chat` events carrying the returned runId. */
export const sendChat = (caller: GatewayCaller, message: ChatMessage) => caller.call<ChatAck>('chat.send', message);

export const skillsStatus = (caller: GatewayCaller, agentId?: string) =>
  caller.call<{ skills: GatewaySkill[] }>('skills.status', agentId ? { agentId } : {});

export interface SkillArchiveInstall {
  slug: string;
  /** File name (relative, `/`-separated) → content; SKILL.md is required. */
  files: Record<string, string | Uint8Array>;
  agentId?: string;
  force?: boolean;
}

/** Zips the files and installs them as an uploaded archive (needs `skills.install.allowUploadedArchives`). */
export async function installSkillArchive(caller: GatewayCaller, install: SkillArchiveInstall): Promise<SkillInstallResult> {
  const { bytes, sha256 } = buildSkillArchive(install.files);
  const force = install.force ? { force: true } : {};
  const { uploadId } = await caller.call<{ uploadId: string }>('skills.upload.begin', {
    kind: 'skill-archive',
    slug: install.slug,
    sizeBytes: bytes.byteLength,
    sha256,
    ...force,
  });
  for (let offset = 0; offset < bytes.byteLength; offset += UPLOAD_CHUNK_BYTES) {
    const chunk = bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES);
    await caller.call('skills.upload.chunk', { uploadId, offset, dataBase64: Buffer.from(chunk).toString('base64') });
  }
  await caller.call('skills.upload.commit', { uploadId, sha256 });
  return caller.call<SkillInstallResult>(
    'skills.install',
    { source: 'upload', uploadId, slug: install.slug, ...force, ...(install.agentId ? { agentId: install.agentId } : {}) },
    { timeoutMs: INSTALL_TIMEOUT_MS },
  );
}

export const installClawHubSkill = (caller: GatewayCaller, install: { slug: string; version?: string; agentId?: string }) =>
  caller.call<SkillInstallResult>(
    'skills.install',
    {
      source: 'clawhub',
      slug: install.slug,
      ...(install.version ? { version: install.version } : {}),
      ...(install.agentId ? { agentId: install.agentId } : {}),
    },
    { timeoutMs: INSTALL_TIMEOUT_MS },
  );

/** A workspace skill cannot be removed over the protocol; disabling it is the uninstall. */
export const setSkillEnabled = (caller: GatewayCaller, update: { skillKey: string; enabled: boolean }) =>
  caller.call<{ ok: boolean; skillKey: string; config: Record<string, unknown> }>('skills.update', update);

export const getAgentFile = (caller: GatewayCaller, file: { agentId: string; name: string }) =>
  caller.call<AgentFileResult>('agents.files.get', file);

export const setAgentFile = (caller: GatewayCaller, file: { agentId: string; name: string; content: string; expectedHash?: string }) =>
  caller.call<AgentFileResult & { ok: boolean }>('agents.files.set', file);
