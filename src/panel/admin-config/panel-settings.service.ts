import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, Repository } from 'typeorm';
import { SecretBox } from '../../core/crypto/secret-box';
import type { JsonObject } from '../../core/database/base.entity';
import { EventBus } from '../../core/realtime/event-bus';
import { PanelSettingEntity } from './entities/panel-setting.entity';

const SECRET_PREFIX = 'secret:';
const CHANGES_CHANNEL = 'panel-settings';
export const SECTION_PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;

export type SettingsListener = (value: JsonObject) => void;

/** The panel's own settings, one jsonb row per section, plus sealed secrets; changes are announced to every instance. */
@Injectable()
export class PanelSettingsService {
  constructor(
    @InjectRepository(PanelSettingEntity) private readonly rows: Repository<PanelSettingEntity>,
    private readonly secrets: SecretBox,
    private readonly bus: EventBus,
  ) {}

  /** The stored section merged over `defaults`. */
  async get<T extends object>(section: string, defaults: T): Promise<T> {
    const row = await this.rows.findOneBy({ key: section });
    return { ...defaults, ...(row?.value ?? {}) } as T;
  }

  /** Every section (never the secrets). */
  async all(): Promise<Record<string, JsonObject>> {
    const rows = await this.rows.find({ where: { sealed: IsNull() }, order: { key: 'ASC' } });
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  async set(section: string, value: object): Promise<void> {
    await this.rows.upsert({ key: section, value: value as JsonObject, sealed: null }, ['key']);
    await this.bus.publish(CHANGES_CHANNEL, section, value);
  }

  /** Replaces several sections at once, in one transaction. */
  async setMany(sections: Record<string, object>): Promise<void> {
    await this.rows.manager.transaction(async (manager) => {
      for (const [key, value] of Object.entries(sections)) {
        await manager.upsert(PanelSettingEntity, { key, value: value as JsonObject, sealed: null }, ['key']);
      }
    });
    for (const [key, value] of Object.entries(sections)) await this.bus.publish(CHANGES_CHANNEL, key, value);
  }

  onChange(section: string, listener: SettingsListener): () => void {
    return this.bus.subscribe(CHANGES_CHANNEL, (message) => {
      if (message.type === section) listener(message.payload as JsonObject);
    });
  }

  async getSecret(name: string): Promise<string | undefined> {
    const row = await this.rows.findOneBy({ key: SECRET_PREFIX + name, sealed: Not(IsNull()) });
    return row?.sealed ? this.secrets.open(row.sealed) : undefined;
  }

  async hasSecret(name: string): Promise<boolean> {
    return this.rows.exists({ where: { key: SECRET_PREFIX + name, sealed: Not(IsNull()) } });
  }

  /** null forgets it. */
  async setSecret(name: string, value: string | null): Promise<void> {
    if (value === null) {
      await this.rows.delete({ key: SECRET_PREFIX + name });
      return;
    }
    await this.rows.upsert({ key: SECRET_PREFIX + name, value: {}, sealed: this.secrets.seal(value) }, ['key']);
  }

  isSectionName(name: string): boolean {
    return SECTION_PATTERN.test(name) && !name.startsWith(SECRET_PREFIX);
  }
}
