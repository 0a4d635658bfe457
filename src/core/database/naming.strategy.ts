import { DefaultNamingStrategy, NamingStrategyInterface, Table } from 'typeorm';

const snake = (value: string) =>
  value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();

const tableName = (table: Table | string) => (typeof table === 'string' ? table : table.name).split('.').pop()!;

/** snake_case columns and readable, deterministic constraint names (pk_, fk_, uq_, idx_). */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(className: string, customName?: string): string {
    return customName ?? snake(className);
  }

  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return snake(prefixes.concat(customName ?? propertyName).join('_'));
  }

  override relationName(propertyName: string): string {
    return snake(propertyName);
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }

  override joinTableName(firstTableName: string, secondTableName: string, firstPropertyName: string): string {
    return snake(`${firstTableName}_${firstPropertyName.replace(/\./g, '_')}_${secondTableName}`);
  }

  override joinTableColumnName(tableName: string, propertyName: string, columnName?: string): string {
    return snake(`${tableName}_${columnName ?? propertyName}`);
  }

  override primaryKeyName(table: Table | string): string {
    return `pk_${tableName(table)}`;
  }

  override foreignKeyName(table: Table | string, columnNames: string[]): string {
    return `fk_${tableName(table)}_${columnNames.join('_')}`;
  }

  override uniqueConstraintName(table: Table | string, columnNames: string[]): string {
    return `uq_${tableName(table)}_${[...columnNames].sort().join('_')}`;
  }

  override indexName(table: Table | string, columnNames: string[]): string {
    return `idx_${tableName(table)}_${columnNames.join('_')}`;
  }

  override relationConstraintName(table: Table | string, columnNames: string[]): string {
    return `rel_${tableName(table)}_${columnNames.join('_')}`;
  }

  override checkConstraintName(table: Table | string, expression: string): string {
    return super.checkConstraintName(table, expression).replace(/^CHK_/, 'chk_');
  }
}
