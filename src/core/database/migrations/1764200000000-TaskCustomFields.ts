import { MigrationInterface, QueryRunner } from "typeorm";

export class TaskCustomFields1764200000000 implements MigrationInterface {
    name = 'TaskCustomFields1764200000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "task_custom_fields" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "key" character varying(64) NOT NULL, "label" character varying(200) NOT NULL, "type" character varying(10) NOT NULL, "required" boolean NOT NULL DEFAULT false, "options" jsonb NOT NULL DEFAULT '[]', "description" text, "board_id" uuid, CONSTRAINT "uq_task_custom_fields_key_organization_id" UNIQUE ("organization_id", "key"), CONSTRAINT "pk_task_custom_fields" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_task_custom_fields_organization_id" ON "task_custom_fields"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_task_custom_fields_board_id" ON "task_custom_fields"  ("board_id") `);
        await queryRunner.query(`ALTER TABLE "tasks" ADD "custom_fields" jsonb NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "task_custom_fields" ADD CONSTRAINT "fk_task_custom_fields_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "task_custom_fields" ADD CONSTRAINT "fk_task_custom_fields_board_id" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "task_custom_fields" DROP CONSTRAINT "fk_task_custom_fields_board_id"`);
        await queryRunner.query(`ALTER TABLE "task_custom_fields" DROP CONSTRAINT "fk_task_custom_fields_organization_id"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "custom_fields"`);
        await queryRunner.query(`DROP INDEX "public"."idx_task_custom_fields_board_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_task_custom_fields_organization_id"`);
        await queryRunner.query(`DROP TABLE "task_custom_fields"`);
    }

}
