import { MigrationInterface, QueryRunner } from "typeorm";

export class TaskComments1764400000000 implements MigrationInterface {
    name = 'TaskComments1764400000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "task_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "task_id" uuid NOT NULL, "body" text NOT NULL, "author_type" character varying(16) NOT NULL, "author_id" uuid, CONSTRAINT "pk_task_comments" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_task_comments_organization_id" ON "task_comments"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_task_comments_task_id_created_at" ON "task_comments"  ("task_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "task_comments" ADD CONSTRAINT "fk_task_comments_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "task_comments" ADD CONSTRAINT "fk_task_comments_task_id" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "task_comments" DROP CONSTRAINT "fk_task_comments_task_id"`);
        await queryRunner.query(`ALTER TABLE "task_comments" DROP CONSTRAINT "fk_task_comments_organization_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_task_comments_task_id_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_task_comments_organization_id"`);
        await queryRunner.query(`DROP TABLE "task_comments"`);
    }

}
