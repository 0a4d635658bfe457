import { MigrationInterface, QueryRunner } from "typeorm";

export class WorkspaceNotes1765000000000 implements MigrationInterface {
    name = 'WorkspaceNotes1765000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "workspace_notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "path" character varying(1024) NOT NULL, "note" text NOT NULL, CONSTRAINT "pk_workspace_notes" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_workspace_notes_path" ON "workspace_notes"  ("path") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_workspace_notes_path"`);
        await queryRunner.query(`DROP TABLE "workspace_notes"`);
    }

}
