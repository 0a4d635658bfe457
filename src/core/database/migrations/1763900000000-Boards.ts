import { MigrationInterface, QueryRunner } from "typeorm";

export class Boards1763900000000 implements MigrationInterface {
    name = 'Boards1763900000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "board_groups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "description" text, CONSTRAINT "uq_board_groups_name_organization_id" UNIQUE ("organization_id", "name"), CONSTRAINT "pk_board_groups" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_board_groups_organization_id" ON "board_groups"  ("organization_id") `);
        await queryRunner.query(`CREATE TABLE "boards" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "description" text, "board_group_id" uuid, "require_approval_for_done" boolean NOT NULL DEFAULT false, "require_review_before_done" boolean NOT NULL DEFAULT false, "wip_limit" integer, CONSTRAINT "uq_boards_name_organization_id" UNIQUE ("organization_id", "name"), CONSTRAINT "pk_boards" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_boards_organization_id" ON "boards"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_boards_board_group_id" ON "boards"  ("board_group_id") `);
        await queryRunner.query(`ALTER TABLE "board_groups" ADD CONSTRAINT "fk_board_groups_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "boards" ADD CONSTRAINT "fk_boards_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "boards" ADD CONSTRAINT "fk_boards_board_group_id" FOREIGN KEY ("board_group_id") REFERENCES "board_groups"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        // board ids were free-form before boards existed: forget the ones that name no board
        for (const table of ['agents', 'h5_assignments', 'agent_events']) {
            await queryRunner.query(`UPDATE "${table}" SET "board_id" = NULL WHERE "board_id" IS NOT NULL AND "board_id" NOT IN (SELECT "id" FROM "boards")`);
        }
        await queryRunner.query(`ALTER TABLE "agents" ADD CONSTRAINT "fk_agents_board_id" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "h5_assignments" ADD CONSTRAINT "fk_h5_assignments_board_id" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "agent_events" ADD CONSTRAINT "fk_agent_events_board_id" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "agent_events" DROP CONSTRAINT "fk_agent_events_board_id"`);
        await queryRunner.query(`ALTER TABLE "h5_assignments" DROP CONSTRAINT "fk_h5_assignments_board_id"`);
        await queryRunner.query(`ALTER TABLE "agents" DROP CONSTRAINT "fk_agents_board_id"`);
        await queryRunner.query(`ALTER TABLE "boards" DROP CONSTRAINT "fk_boards_board_group_id"`);
        await queryRunner.query(`ALTER TABLE "boards" DROP CONSTRAINT "fk_boards_organization_id"`);
        await queryRunner.query(`ALTER TABLE "board_groups" DROP CONSTRAINT "fk_board_groups_organization_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_boards_board_group_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_boards_organization_id"`);
        await queryRunner.query(`DROP TABLE "boards"`);
        await queryRunner.query(`DROP INDEX "public"."idx_board_groups_organization_id"`);
        await queryRunner.query(`DROP TABLE "board_groups"`);
    }

}
