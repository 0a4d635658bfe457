import { MigrationInterface, QueryRunner } from "typeorm";

export class TasksAndApprovals1764000000000 implements MigrationInterface {
    name = 'TasksAndApprovals1764000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "board_id" uuid NOT NULL, "title" character varying(500) NOT NULL, "description" text, "status" character varying(20) NOT NULL DEFAULT 'inbox', "priority" character varying(10) NOT NULL DEFAULT 'medium', "assignee_id" uuid, "due_at" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "created_by_type" character varying(16) NOT NULL, "created_by_id" uuid, CONSTRAINT "pk_tasks" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_tasks_organization_id" ON "tasks"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_tasks_assignee_id" ON "tasks"  ("assignee_id") `);
        await queryRunner.query(`CREATE INDEX "idx_tasks_board_id_status" ON "tasks"  ("board_id", "status") `);
        await queryRunner.query(`CREATE TABLE "approvals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "task_id" uuid NOT NULL, "board_id" uuid NOT NULL, "action_type" character varying(100) NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}', "confidence" real, "status" character varying(10) NOT NULL DEFAULT 'pending', "requested_by_type" character varying(16) NOT NULL, "requested_by_id" uuid, "decided_by_type" character varying(16), "decided_by_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" text, CONSTRAINT "pk_approvals" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_approvals_organization_id" ON "approvals"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_approvals_board_id_status" ON "approvals"  ("board_id", "status") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_approvals_one_pending_per_task" ON "approvals"  ("task_id") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE TABLE "task_dependencies" ("task_id" uuid NOT NULL, "depends_on_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_task_dependencies" PRIMARY KEY ("task_id", "depends_on_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_task_dependencies_depends_on_id" ON "task_dependencies"  ("depends_on_id") `);
        await queryRunner.query(`ALTER TABLE "tasks" ADD CONSTRAINT "fk_tasks_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD CONSTRAINT "fk_tasks_board_id" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD CONSTRAINT "fk_tasks_assignee_id" FOREIGN KEY ("assignee_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "approvals" ADD CONSTRAINT "fk_approvals_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "approvals" ADD CONSTRAINT "fk_approvals_task_id" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "task_dependencies" ADD CONSTRAINT "fk_task_dependencies_task_id" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "task_dependencies" ADD CONSTRAINT "fk_task_dependencies_depends_on_id" FOREIGN KEY ("depends_on_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "task_dependencies" DROP CONSTRAINT "fk_task_dependencies_depends_on_id"`);
        await queryRunner.query(`ALTER TABLE "task_dependencies" DROP CONSTRAINT "fk_task_dependencies_task_id"`);
        await queryRunner.query(`ALTER TABLE "approvals" DROP CONSTRAINT "fk_approvals_task_id"`);
        await queryRunner.query(`ALTER TABLE "approvals" DROP CONSTRAINT "fk_approvals_organization_id"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "fk_tasks_assignee_id"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "fk_tasks_board_id"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "fk_tasks_organization_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_task_dependencies_depends_on_id"`);
        await queryRunner.query(`DROP TABLE "task_dependencies"`);
        await queryRunner.query(`DROP INDEX "public"."idx_approvals_one_pending_per_task"`);
        await queryRunner.query(`DROP INDEX "public"."idx_approvals_board_id_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_approvals_organization_id"`);
        await queryRunner.query(`DROP TABLE "approvals"`);
        await queryRunner.query(`DROP INDEX "public"."idx_tasks_board_id_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_tasks_assignee_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_tasks_organization_id"`);
        await queryRunner.query(`DROP TABLE "tasks"`);
    }

}
