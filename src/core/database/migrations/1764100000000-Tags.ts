import { MigrationInterface, QueryRunner } from "typeorm";

export class Tags1764100000000 implements MigrationInterface {
    name = 'Tags1764100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "tags" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "name" character varying(64) NOT NULL, "color" character varying(7) NOT NULL DEFAULT '#6b7280', "description" text, CONSTRAINT "pk_tags" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_tags_organization_id" ON "tags"  ("organization_id") `);
        // names are unique per organisation without regard to case (an expression index the entity cannot declare)
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_tags_organization_id_lower_name" ON "tags" ("organization_id", lower("name"))`);
        await queryRunner.query(`CREATE TABLE "task_tags" ("task_id" uuid NOT NULL, "tag_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_task_tags" PRIMARY KEY ("task_id", "tag_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_task_tags_tag_id" ON "task_tags"  ("tag_id") `);
        await queryRunner.query(`ALTER TABLE "tags" ADD CONSTRAINT "fk_tags_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "task_tags" ADD CONSTRAINT "fk_task_tags_task_id" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "task_tags" ADD CONSTRAINT "fk_task_tags_tag_id" FOREIGN KEY ("tag_id") REFERENCES "tags"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "task_tags" DROP CONSTRAINT "fk_task_tags_tag_id"`);
        await queryRunner.query(`ALTER TABLE "task_tags" DROP CONSTRAINT "fk_task_tags_task_id"`);
        await queryRunner.query(`ALTER TABLE "tags" DROP CONSTRAINT "fk_tags_organization_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_task_tags_tag_id"`);
        await queryRunner.query(`DROP TABLE "task_tags"`);
        await queryRunner.query(`DROP INDEX "public"."uq_tags_organization_id_lower_name"`);
        await queryRunner.query(`DROP INDEX "public"."idx_tags_organization_id"`);
        await queryRunner.query(`DROP TABLE "tags"`);
    }

}
