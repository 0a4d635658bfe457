import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../core/database/base.entity';

/** An operator's note on a workspace file or folder, by its path relative to the workspace root. */
@Entity('workspace_notes')
export class WorkspaceNoteEntity extends BaseEntity {
  @Index({ unique: true })
  @Column('varchar', { length: 1024 })
  path: string;

  @Column('text')
  note: string;
}
