import { MigrationInterface, QueryRunner } from "typeorm";

export class Pipelines1765500000000 implements MigrationInterface {
    name = 'Pipelines1765500000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "pipelines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "board_id" uuid, "name" character varying(200) NOT NULL, "description" text, "trigger_type" character varying(16) NOT NULL, "trigger" jsonb NOT NULL, "stages" jsonb NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "template_key" character varying(64), CONSTRAINT "pk_pipelines" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_pipelines_organization_id" ON "pipelines"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_pipelines_board_id" ON "pipelines"  ("board_id") `);
        await queryRunner.query(`CREATE INDEX "idx_pipelines_trigger_type_enabled" ON "pipelines"  ("trigger_type", "enabled") `);
        await queryRunner.query(`CREATE TABLE "pipeline_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "pipeline_id" uuid NOT NULL, "pipeline_name" character varying(200) NOT NULL, "board_id" uuid, "status" character varying(16) NOT NULL DEFAULT 'queued', "current_stage" character varying(63), "step" integer NOT NULL DEFAULT '0', "input" jsonb NOT NULL DEFAULT '{}', "trigger" jsonb NOT NULL, "definition" jsonb NOT NULL, "stages" jsonb NOT NULL, "error" text, "waiting_task_id" uuid, "waiting_approval_id" uuid, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_pipeline_runs" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_pipeline_runs_organization_id" ON "pipeline_runs"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_pipeline_runs_board_id" ON "pipeline_runs"  ("board_id") `);
        await queryRunner.query(`CREATE INDEX "idx_pipeline_runs_waiting_task_id" ON "pipeline_runs"  ("waiting_task_id") `);
        await queryRunner.query(`CREATE INDEX "idx_pipeline_runs_waiting_approval_id" ON "pipeline_runs"  ("waiting_approval_id") `);
        await queryRunner.query(`CREATE INDEX "idx_pipeline_runs_organization_id_status" ON "pipeline_runs"  ("organization_id", "status") `);
        await queryRunner.query(`CREATE INDEX "idx_pipeline_runs_pipeline_id_created_at" ON "pipeline_runs"  ("pipeline_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "pipelines" ADD CONSTRAINT "fk_pipelines_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "pipelines" ADD CONSTRAINT "fk_pipelines_board_id" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "pipeline_runs" ADD CONSTRAINT "fk_pipeline_runs_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "pipeline_runs" ADD CONSTRAINT "fk_pipeline_runs_pipeline_id" FOREIGN KEY ("pipeline_id") REFERENCES "pipelines"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "pipeline_runs" DROP CONSTRAINT "fk_pipeline_runs_pipeline_id"`);
        await queryRunner.query(`ALTER TABLE "pipeline_runs" DROP CONSTRAINT "fk_pipeline_runs_organization_id"`);
        await queryRunner.query(`ALTER TABLE "pipelines" DROP CONSTRAINT "fk_pipelines_board_id"`);
        await queryRunner.query(`ALTER TABLE "pipelines" DROP CONSTRAINT "fk_pipelines_organization_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pipeline_runs_pipeline_id_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pipeline_runs_organization_id_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pipeline_runs_waiting_approval_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pipeline_runs_waiting_task_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pipeline_runs_board_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pipeline_runs_organization_id"`);
        await queryRunner.query(`DROP TABLE "pipeline_runs"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pipelines_trigger_type_enabled"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pipelines_board_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_pipelines_organization_id"`);
        await queryRunner.query(`DROP TABLE "pipelines"`);
    }

}
