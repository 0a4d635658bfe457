import { MigrationInterface, QueryRunner } from "typeorm";

export class Outbox1765300000000 implements MigrationInterface {
    name = 'Outbox1765300000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "job_effects" ("key" character varying(300) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "result" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "pk_job_effects" PRIMARY KEY ("key"))`);
        await queryRunner.query(`CREATE INDEX "idx_job_effects_created_at" ON "job_effects"  ("created_at") `);
        await queryRunner.query(`CREATE TABLE "outbox_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "payload" jsonb NOT NULL, "organization_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_outbox_events" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_outbox_events_organization_id" ON "outbox_events"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_outbox_events_dispatched_at" ON "outbox_events"  ("dispatched_at") `);
        await queryRunner.query(`CREATE INDEX "idx_outbox_events_pending" ON "outbox_events"  ("created_at") WHERE "dispatched_at" IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_outbox_events_pending"`);
        await queryRunner.query(`DROP INDEX "public"."idx_outbox_events_dispatched_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_outbox_events_organization_id"`);
        await queryRunner.query(`DROP TABLE "outbox_events"`);
        await queryRunner.query(`DROP INDEX "public"."idx_job_effects_created_at"`);
        await queryRunner.query(`DROP TABLE "job_effects"`);
    }

}
