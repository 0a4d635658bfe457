import { MigrationInterface, QueryRunner } from "typeorm";

export class Memory1764300000000 implements MigrationInterface {
    name = 'Memory1764300000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "memory_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "board_id" uuid, "board_group_id" uuid, "content" text NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "source" character varying(100) NOT NULL DEFAULT 'manual', "is_chat" boolean NOT NULL DEFAULT false, "created_by_type" character varying(16) NOT NULL, "created_by_id" uuid, CONSTRAINT "chk_memory_entries_one_scope" CHECK (num_nonnulls(board_id, board_group_id) = 1), CONSTRAINT "pk_memory_entries" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_memory_entries_organization_id" ON "memory_entries"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_memory_entries_board_group_id_created_at" ON "memory_entries"  ("board_group_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "idx_memory_entries_board_id_created_at" ON "memory_entries"  ("board_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "memory_entries" ADD CONSTRAINT "fk_memory_entries_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "memory_entries" ADD CONSTRAINT "fk_memory_entries_board_id" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "memory_entries" ADD CONSTRAINT "fk_memory_entries_board_group_id" FOREIGN KEY ("board_group_id") REFERENCES "board_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "memory_entries" DROP CONSTRAINT "fk_memory_entries_board_group_id"`);
        await queryRunner.query(`ALTER TABLE "memory_entries" DROP CONSTRAINT "fk_memory_entries_board_id"`);
        await queryRunner.query(`ALTER TABLE "memory_entries" DROP CONSTRAINT "fk_memory_entries_organization_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_memory_entries_board_id_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_memory_entries_board_group_id_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_memory_entries_organization_id"`);
        await queryRunner.query(`DROP TABLE "memory_entries"`);
    }

}
