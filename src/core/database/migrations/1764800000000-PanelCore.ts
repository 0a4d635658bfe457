import { MigrationInterface, QueryRunner } from "typeorm";

export class PanelCore1764800000000 implements MigrationInterface {
    name = 'PanelCore1764800000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "panel_settings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "key" character varying(100) NOT NULL, "value" jsonb NOT NULL DEFAULT '{}', "sealed" text, CONSTRAINT "pk_panel_settings" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_panel_settings_key" ON "panel_settings"  ("key") `);
        await queryRunner.query(`CREATE TABLE "panel_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "source" character varying(16) NOT NULL, "type" character varying(64) NOT NULL, "summary" text NOT NULL, "detail" text, CONSTRAINT "pk_panel_events" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_panel_events_created_at" ON "panel_events"  ("created_at") `);
        await queryRunner.query(`CREATE INDEX "idx_panel_events_source_created_at" ON "panel_events"  ("source", "created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_panel_events_source_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_panel_events_created_at"`);
        await queryRunner.query(`DROP TABLE "panel_events"`);
        await queryRunner.query(`DROP INDEX "public"."idx_panel_settings_key"`);
        await queryRunner.query(`DROP TABLE "panel_settings"`);
    }

}
