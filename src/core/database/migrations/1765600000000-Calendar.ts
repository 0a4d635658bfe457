import { MigrationInterface, QueryRunner } from "typeorm";

export class Calendar1765600000000 implements MigrationInterface {
    name = 'Calendar1765600000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "calendar_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "board_id" uuid, "title" character varying(200) NOT NULL, "description" text, "event_type" character varying(20) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "all_day" boolean NOT NULL DEFAULT false, "timezone" character varying(64) NOT NULL DEFAULT 'UTC', "recurrence_rule" character varying(500), "exdates" jsonb NOT NULL DEFAULT '[]', "overrides" jsonb NOT NULL DEFAULT '[]', "metadata" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "pk_calendar_events" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_calendar_events_organization_id" ON "calendar_events"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_calendar_events_board_id" ON "calendar_events"  ("board_id") `);
        await queryRunner.query(`CREATE INDEX "idx_calendar_events_organization_id_starts_at" ON "calendar_events"  ("organization_id", "starts_at") `);
        await queryRunner.query(`CREATE TABLE "calendar_event_agents" ("event_id" uuid NOT NULL, "agent_id" uuid NOT NULL, CONSTRAINT "pk_calendar_event_agents" PRIMARY KEY ("event_id", "agent_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_calendar_event_agents_agent_id" ON "calendar_event_agents"  ("agent_id") `);
        await queryRunner.query(`CREATE TABLE "task_schedules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "task_id" uuid NOT NULL, "agent_id" uuid, "planned_start" TIMESTAMP WITH TIME ZONE NOT NULL, "planned_end" TIMESTAMP WITH TIME ZONE NOT NULL, "estimated_hours" real, "actual_start" TIMESTAMP WITH TIME ZONE, "actual_end" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_task_schedules" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_task_schedules_organization_id" ON "task_schedules"  ("organization_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_task_schedules_task_id" ON "task_schedules"  ("task_id") `);
        await queryRunner.query(`CREATE INDEX "idx_task_schedules_agent_id_planned_start" ON "task_schedules"  ("agent_id", "planned_start") `);
        await queryRunner.query(`CREATE TABLE "calendar_feeds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "agent_id" uuid, "name" character varying(200) NOT NULL, "token_hash" character varying(64) NOT NULL, CONSTRAINT "pk_calendar_feeds" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_calendar_feeds_organization_id" ON "calendar_feeds"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_calendar_feeds_agent_id" ON "calendar_feeds"  ("agent_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_calendar_feeds_token_hash" ON "calendar_feeds"  ("token_hash") `);
        await queryRunner.query(`ALTER TABLE "calendar_events" ADD CONSTRAINT "fk_calendar_events_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "calendar_events" ADD CONSTRAINT "fk_calendar_events_board_id" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "calendar_event_agents" ADD CONSTRAINT "fk_calendar_event_agents_event_id" FOREIGN KEY ("event_id") REFERENCES "calendar_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "calendar_event_agents" ADD CONSTRAINT "fk_calendar_event_agents_agent_id" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "task_schedules" ADD CONSTRAINT "fk_task_schedules_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "task_schedules" ADD CONSTRAINT "fk_task_schedules_task_id" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "task_schedules" ADD CONSTRAINT "fk_task_schedules_agent_id" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "calendar_feeds" ADD CONSTRAINT "fk_calendar_feeds_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "calendar_feeds" ADD CONSTRAINT "fk_calendar_feeds_agent_id" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "calendar_feeds" DROP CONSTRAINT "fk_calendar_feeds_agent_id"`);
        await queryRunner.query(`ALTER TABLE "calendar_feeds" DROP CONSTRAINT "fk_calendar_feeds_organization_id"`);
        await queryRunner.query(`ALTER TABLE "task_schedules" DROP CONSTRAINT "fk_task_schedules_agent_id"`);
        await queryRunner.query(`ALTER TABLE "task_schedules" DROP CONSTRAINT "fk_task_schedules_task_id"`);
        await queryRunner.query(`ALTER TABLE "task_schedules" DROP CONSTRAINT "fk_task_schedules_organization_id"`);
        await queryRunner.query(`ALTER TABLE "calendar_event_agents" DROP CONSTRAINT "fk_calendar_event_agents_agent_id"`);
        await queryRunner.query(`ALTER TABLE "calendar_event_agents" DROP CONSTRAINT "fk_calendar_event_agents_event_id"`);
        await queryRunner.query(`ALTER TABLE "calendar_events" DROP CONSTRAINT "fk_calendar_events_board_id"`);
        await queryRunner.query(`ALTER TABLE "calendar_events" DROP CONSTRAINT "fk_calendar_events_organization_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_calendar_feeds_token_hash"`);
        await queryRunner.query(`DROP INDEX "public"."idx_calendar_feeds_agent_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_calendar_feeds_organization_id"`);
        await queryRunner.query(`DROP TABLE "calendar_feeds"`);
        await queryRunner.query(`DROP INDEX "public"."idx_task_schedules_agent_id_planned_start"`);
        await queryRunner.query(`DROP INDEX "public"."idx_task_schedules_task_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_task_schedules_organization_id"`);
        await queryRunner.query(`DROP TABLE "task_schedules"`);
        await queryRunner.query(`DROP INDEX "public"."idx_calendar_event_agents_agent_id"`);
        await queryRunner.query(`DROP TABLE "calendar_event_agents"`);
        await queryRunner.query(`DROP INDEX "public"."idx_calendar_events_organization_id_starts_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_calendar_events_board_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_calendar_events_organization_id"`);
        await queryRunner.query(`DROP TABLE "calendar_events"`);
    }

}
