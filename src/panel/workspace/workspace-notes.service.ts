import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { WorkspaceNoteEntity } from './entities/workspace-note.entity';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Notes on workspace paths, in PostgreSQL. Removing a file or folder removes the notes on it and under it. */
@Injectable()
export class WorkspaceNotesService {
  constructor(@InjectRepository(WorkspaceNoteEntity) private readonly notes: Repository<WorkspaceNoteEntity>) {}

  async all(): Promise<Record<string, string>> {
    const rows = await this.notes.find({ order: { path: 'ASC' } });
    return Object.fromEntries(rows.map((row) => [row.path, row.note]));
  }

  async forPaths(paths: string[]): Promise<Map<string, string>> {
    if (paths.length === 0) return new Map();
    const rows = await this.notes.findBy({ path: In(paths) });
    return new Map(rows.map((row) => [row.path, row.note]));
  }

  async get(path: string): Promise<string | null> {
    return (await this.notes.findOneBy({ path }))?.note ?? null;
  }

  /** An empty note removes it. */
  async set(path: string, note: string): Promise<void> {
    if (note === '') {
      await this.notes.delete({ path });
      return;
    }
    await this.notes.upsert({ path, note }, ['path']);
  }

  /** Forgets the notes on these paths and on everything under them. */
  async removeUnder(paths: string[]): Promise<void> {
    for (let i = 0; i < paths.length; i += 200) {
      const chunk = paths.slice(i, i + 200);
      const builder = this.notes.createQueryBuilder().delete().where({ path: In(chunk) });
      chunk.forEach((path, index) => builder.orWhere(`path LIKE :prefix${index} ESCAPE '\\'`, { [`prefix${index}`]: `${escapeLike(path)}/%` }));
      await builder.execute();
    }
  }
}
