import { MigrationInterface, QueryRunner } from "typeorm";

export class TeamsAndUsage1765800000000 implements MigrationInterface {
    name = 'TeamsAndUsage1765800000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "agent_teams" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "description" text, "team_type" character varying(20) NOT NULL DEFAULT 'custom', "lead_agent_id" uuid, CONSTRAINT "uq_agent_teams_name_organization_id" UNIQUE ("organization_id", "name"), CONSTRAINT "pk_agent_teams" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_agent_teams_organization_id" ON "agent_teams"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_agent_teams_lead_agent_id" ON "agent_teams"  ("lead_agent_id") `);
        await queryRunner.query(`CREATE TABLE "agent_team_members" ("team_id" uuid NOT NULL, "agent_id" uuid NOT NULL, "role_in_team" character varying(20) NOT NULL DEFAULT 'member', "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_agent_team_members" PRIMARY KEY ("team_id", "agent_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_agent_team_members_agent_id" ON "agent_team_members"  ("agent_id") `);
        await queryRunner.query(`CREATE TABLE "agent_usage_daily" ("agent_id" uuid NOT NULL, "usage_date" date NOT NULL, "task_id" uuid NOT NULL, "model" character varying(100) NOT NULL, "organization_id" uuid NOT NULL, "input_tokens" bigint NOT NULL DEFAULT '0', "output_tokens" bigint NOT NULL DEFAULT '0', "cost_usd" numeric(18,6) NOT NULL DEFAULT '0', "reports" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_agent_usage_daily" PRIMARY KEY ("agent_id", "usage_date", "task_id", "model"))`);
        await queryRunner.query(`CREATE INDEX "idx_agent_usage_daily_organization_id_usage_date" ON "agent_usage_daily"  ("organization_id", "usage_date") `);
        await queryRunner.query(`ALTER TABLE "agent_teams" ADD CONSTRAINT "fk_agent_teams_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "agent_teams" ADD CONSTRAINT "fk_agent_teams_lead_agent_id" FOREIGN KEY ("lead_agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "agent_team_members" ADD CONSTRAINT "fk_agent_team_members_team_id" FOREIGN KEY ("team_id") REFERENCES "agent_teams"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "agent_team_members" ADD CONSTRAINT "fk_agent_team_members_agent_id" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "agent_usage_daily" ADD CONSTRAINT "fk_agent_usage_daily_agent_id" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "agent_usage_daily" ADD CONSTRAINT "fk_agent_usage_daily_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "agent_usage_daily" DROP CONSTRAINT "fk_agent_usage_daily_organization_id"`);
        await queryRunner.query(`ALTER TABLE "agent_usage_daily" DROP CONSTRAINT "fk_agent_usage_daily_agent_id"`);
        await queryRunner.query(`ALTER TABLE "agent_team_members" DROP CONSTRAINT "fk_agent_team_members_agent_id"`);
        await queryRunner.query(`ALTER TABLE "agent_team_members" DROP CONSTRAINT "fk_agent_team_members_team_id"`);
        await queryRunner.query(`ALTER TABLE "agent_teams" DROP CONSTRAINT "fk_agent_teams_lead_agent_id"`);
        await queryRunner.query(`ALTER TABLE "agent_teams" DROP CONSTRAINT "fk_agent_teams_organization_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agent_usage_daily_organization_id_usage_date"`);
        await queryRunner.query(`DROP TABLE "agent_usage_daily"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agent_team_members_agent_id"`);
        await queryRunner.query(`DROP TABLE "agent_team_members"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agent_teams_lead_agent_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agent_teams_organization_id"`);
        await queryRunner.query(`DROP TABLE "agent_teams"`);
    }

}
