import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, JsonObject } from '../../../core/database/base.entity';

/** One section of the panel's own settings (`qq`, `wechat`, `workspace`, …), or one sealed secret. */
@Entity('panel_settings')
export class PanelSettingEntity extends BaseEntity {
  @Index({ unique: true })
  @Column('varchar', { length: 100 })
  key: string;

  @Column('jsonb', { default: {} })
  value: JsonObject;

  /** Secrets (the sudo password, …) are sealed with ENCRYPTION_KEY and never listed. */
  @Column('text', { nullable: true })
  sealed: string | null;
}
