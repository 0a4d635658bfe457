import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The activity log at a million entries: `seq` (identity, backfilled in created_at order) orders and pages it,
 * a pg_trgm GIN index serves substring search, and `panel_event_counts` holds exact per-source totals that
 * statement triggers keep (insert, delete, update of source, truncate), so a total is never a scan.
 */
export class PanelEventLog1765350000000 implements MigrationInterface {
    name = 'PanelEventLog1765350000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
        await queryRunner.query(`DROP INDEX "public"."idx_panel_events_source_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_panel_events_created_at"`);
        await queryRunner.query(`ALTER TABLE "panel_events" ADD "seq" bigint`);
        await queryRunner.query(`UPDATE "panel_events" e SET "seq" = o.n FROM (SELECT "id", row_number() OVER (ORDER BY "created_at", "id") AS n FROM "panel_events") o WHERE o."id" = e."id"`);
        await queryRunner.query(`ALTER TABLE "panel_events" ALTER COLUMN "seq" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "panel_events" ALTER COLUMN "seq" ADD GENERATED ALWAYS AS IDENTITY`);
        await queryRunner.query(`SELECT setval(pg_get_serial_sequence('"panel_events"', 'seq'), coalesce(max("seq"), 0) + 1, false) FROM "panel_events"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_panel_events_seq" ON "panel_events"  ("seq") `);
        await queryRunner.query(`CREATE INDEX "idx_panel_events_source_seq" ON "panel_events"  ("source", "seq") `);
        await queryRunner.query(`CREATE INDEX "idx_panel_events_search" ON "panel_events" USING gin ("summary" gin_trgm_ops, "detail" gin_trgm_ops)`);
        await queryRunner.query(`CREATE TABLE "panel_event_counts" ("source" character varying(16) NOT NULL, "entries" bigint NOT NULL DEFAULT '0', CONSTRAINT "pk_panel_event_counts" PRIMARY KEY ("source"))`);
        await queryRunner.query(`INSERT INTO "panel_event_counts" ("source", "entries") SELECT "source", count(*) FROM "panel_events" GROUP BY "source"`);
        // sources in a fixed order, so that two statements never lock the same counter rows in opposite orders
        await queryRunner.query(`CREATE FUNCTION panel_event_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE panel_event_counts SET entries = 0;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO panel_event_counts (source, entries) SELECT source, count(*) FROM new_rows GROUP BY source ORDER BY source
      ON CONFLICT (source) DO UPDATE SET entries = panel_event_counts.entries + excluded.entries;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO panel_event_counts (source, entries) SELECT source, -count(*) FROM old_rows GROUP BY source ORDER BY source
      ON CONFLICT (source) DO UPDATE SET entries = panel_event_counts.entries + excluded.entries;
  ELSE
    INSERT INTO panel_event_counts (source, entries)
      SELECT source, sum(n) FROM (SELECT source, 1 AS n FROM new_rows UNION ALL SELECT source, -1 FROM old_rows) d GROUP BY source ORDER BY source
      ON CONFLICT (source) DO UPDATE SET entries = panel_event_counts.entries + excluded.entries;
  END IF;
  RETURN NULL;
END $$`);
        await queryRunner.query(`CREATE TRIGGER panel_events_count_insert AFTER INSERT ON "panel_events" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION panel_event_counts_apply()`);
        await queryRunner.query(`CREATE TRIGGER panel_events_count_delete AFTER DELETE ON "panel_events" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION panel_event_counts_apply()`);
        await queryRunner.query(`CREATE TRIGGER panel_events_count_update AFTER UPDATE ON "panel_events" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION panel_event_counts_apply()`);
        await queryRunner.query(`CREATE TRIGGER panel_events_count_truncate AFTER TRUNCATE ON "panel_events" FOR EACH STATEMENT EXECUTE FUNCTION panel_event_counts_apply()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER panel_events_count_truncate ON "panel_events"`);
        await queryRunner.query(`DROP TRIGGER panel_events_count_update ON "panel_events"`);
        await queryRunner.query(`DROP TRIGGER panel_events_count_delete ON "panel_events"`);
        await queryRunner.query(`DROP TRIGGER panel_events_count_insert ON "panel_events"`);
        await queryRunner.query(`DROP FUNCTION panel_event_counts_apply()`);
        await queryRunner.query(`DROP TABLE "panel_event_counts"`);
        await queryRunner.query(`DROP INDEX "public"."idx_panel_events_search"`);
        await queryRunner.query(`DROP INDEX "public"."idx_panel_events_source_seq"`);
        await queryRunner.query(`DROP INDEX "public"."idx_panel_events_seq"`);
        await queryRunner.query(`ALTER TABLE "panel_events" DROP COLUMN "seq"`);
        await queryRunner.query(`CREATE INDEX "idx_panel_events_created_at" ON "panel_events"  ("created_at") `);
        await queryRunner.query(`CREATE INDEX "idx_panel_events_source_created_at" ON "panel_events"  ("source", "created_at") `);
    }

}
