import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './src/core/database/data-source.options';

/**
 * The TypeORM CLI's data source (compiled to dist/ormconfig.js). It needs a PostgreSQL server:
 *   DATABASE_URL=postgres://127.0.0.1:5432/scratch npm run migration:generate -- src/core/database/migrations/Name
 */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must name a scratch PostgreSQL database for the TypeORM CLI');

export default new DataSource({
  ...buildDataSourceOptions({ url }, 2),
  entities: [join(__dirname, 'src/**/*.entity.js')],
});
