import { MigrationInterface, QueryRunner } from "typeorm";

export class Suggestions1765400000000 implements MigrationInterface {
    name = 'Suggestions1765400000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "proactive_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "board_id" uuid, "name" character varying(200) NOT NULL, "description" text, "trigger" jsonb NOT NULL, "trigger_event" character varying(100), "conditions" jsonb NOT NULL DEFAULT '[]', "action" jsonb NOT NULL, "cooldown_minutes" integer NOT NULL DEFAULT '60', "enabled" boolean NOT NULL DEFAULT true, "builtin_key" character varying(50), CONSTRAINT "uq_proactive_rules_builtin_key_organization_id" UNIQUE ("organization_id", "builtin_key"), CONSTRAINT "pk_proactive_rules" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_proactive_rules_organization_id" ON "proactive_rules"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_proactive_rules_board_id" ON "proactive_rules"  ("board_id") `);
        await queryRunner.query(`CREATE INDEX "idx_proactive_rules_organization_id_trigger_event" ON "proactive_rules"  ("organization_id", "trigger_event") `);
        await queryRunner.query(`CREATE TABLE "rule_cooldowns" ("rule_id" uuid NOT NULL, "target" character varying(200) NOT NULL, "fired_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_rule_cooldowns" PRIMARY KEY ("rule_id", "target"))`);
        await queryRunner.query(`CREATE TABLE "suggestions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "stream_seq" BIGSERIAL NOT NULL, "board_id" uuid, "task_id" uuid, "agent_id" uuid, "rule_id" uuid, "source" character varying(10) NOT NULL, "title" character varying(200) NOT NULL, "description" text, "priority" character varying(10) NOT NULL DEFAULT 'medium', "confidence" real, "status" character varying(10) NOT NULL DEFAULT 'pending', "action" jsonb, "result" jsonb, "payload" jsonb NOT NULL DEFAULT '{}', "expires_at" TIMESTAMP WITH TIME ZONE, "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_suggestions" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_suggestions_organization_id" ON "suggestions"  ("organization_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_suggestions_stream_seq" ON "suggestions"  ("stream_seq") `);
        await queryRunner.query(`CREATE INDEX "idx_suggestions_board_id" ON "suggestions"  ("board_id") `);
        await queryRunner.query(`CREATE INDEX "idx_suggestions_task_id" ON "suggestions"  ("task_id") `);
        await queryRunner.query(`CREATE INDEX "idx_suggestions_agent_id" ON "suggestions"  ("agent_id") `);
        await queryRunner.query(`CREATE INDEX "idx_suggestions_rule_id" ON "suggestions"  ("rule_id") `);
        await queryRunner.query(`CREATE INDEX "idx_suggestions_status_expires_at" ON "suggestions"  ("status", "expires_at") `);
        await queryRunner.query(`CREATE INDEX "idx_suggestions_organization_id_status_created_at" ON "suggestions"  ("organization_id", "status", "created_at") `);
        await queryRunner.query(`ALTER TABLE "proactive_rules" ADD CONSTRAINT "fk_proactive_rules_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "proactive_rules" ADD CONSTRAINT "fk_proactive_rules_board_id" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "rule_cooldowns" ADD CONSTRAINT "fk_rule_cooldowns_rule_id" FOREIGN KEY ("rule_id") REFERENCES "proactive_rules"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "suggestions" ADD CONSTRAINT "fk_suggestions_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "suggestions" ADD CONSTRAINT "fk_suggestions_board_id" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "suggestions" ADD CONSTRAINT "fk_suggestions_task_id" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "suggestions" ADD CONSTRAINT "fk_suggestions_agent_id" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "suggestions" DROP CONSTRAINT "fk_suggestions_agent_id"`);
        await queryRunner.query(`ALTER TABLE "suggestions" DROP CONSTRAINT "fk_suggestions_task_id"`);
        await queryRunner.query(`ALTER TABLE "suggestions" DROP CONSTRAINT "fk_suggestions_board_id"`);
        await queryRunner.query(`ALTER TABLE "suggestions" DROP CONSTRAINT "fk_suggestions_organization_id"`);
        await queryRunner.query(`ALTER TABLE "rule_cooldowns" DROP CONSTRAINT "fk_rule_cooldowns_rule_id"`);
        await queryRunner.query(`ALTER TABLE "proactive_rules" DROP CONSTRAINT "fk_proactive_rules_board_id"`);
        await queryRunner.query(`ALTER TABLE "proactive_rules" DROP CONSTRAINT "fk_proactive_rules_organization_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_suggestions_organization_id_status_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_suggestions_status_expires_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_suggestions_rule_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_suggestions_agent_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_suggestions_task_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_suggestions_board_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_suggestions_stream_seq"`);
        await queryRunner.query(`DROP INDEX "public"."idx_suggestions_organization_id"`);
        await queryRunner.query(`DROP TABLE "suggestions"`);
        await queryRunner.query(`DROP TABLE "rule_cooldowns"`);
        await queryRunner.query(`DROP INDEX "public"."idx_proactive_rules_organization_id_trigger_event"`);
        await queryRunner.query(`DROP INDEX "public"."idx_proactive_rules_board_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_proactive_rules_organization_id"`);
        await queryRunner.query(`DROP TABLE "proactive_rules"`);
    }

}
