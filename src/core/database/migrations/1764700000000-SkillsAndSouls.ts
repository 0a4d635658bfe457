import { MigrationInterface, QueryRunner } from "typeorm";

export class SkillsAndSouls1764700000000 implements MigrationInterface {
    name = 'SkillsAndSouls1764700000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "marketplace_skills" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "slug" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "description" text, "version" character varying(50) NOT NULL DEFAULT '1.0.0', "source" character varying(16) NOT NULL DEFAULT 'bundle', "content" text, "files" jsonb NOT NULL DEFAULT '{}', "clawhub_slug" character varying(200), CONSTRAINT "uq_marketplace_skills_organization_id_slug" UNIQUE ("organization_id", "slug"), CONSTRAINT "pk_marketplace_skills" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_marketplace_skills_organization_id" ON "marketplace_skills"  ("organization_id") `);
        await queryRunner.query(`CREATE TABLE "skill_installations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "gateway_id" uuid NOT NULL, "openclaw_agent_id" character varying(100) NOT NULL, "agent_id" uuid, "skill_id" uuid NOT NULL, "slug" character varying(64) NOT NULL, "version" character varying(50) NOT NULL, "content_hash" character(64), "status" character varying(16) NOT NULL, "error" text, "installed_at" TIMESTAMP WITH TIME ZONE, "uninstalled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_skill_installations_gateway_id_openclaw_agent_id_skill_id" UNIQUE ("gateway_id", "openclaw_agent_id", "skill_id"), CONSTRAINT "pk_skill_installations" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_skill_installations_organization_id" ON "skill_installations"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_skill_installations_agent_id" ON "skill_installations"  ("agent_id") `);
        await queryRunner.query(`CREATE INDEX "idx_skill_installations_skill_id" ON "skill_installations"  ("skill_id") `);
        await queryRunner.query(`CREATE TABLE "soul_templates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid, "slug" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "description" text, "content" text NOT NULL, CONSTRAINT "uq_soul_templates_organization_id_slug" UNIQUE ("organization_id", "slug"), CONSTRAINT "pk_soul_templates" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_soul_templates_built_in_slug" ON "soul_templates"  ("slug") WHERE organization_id IS NULL`);
        await queryRunner.query(`ALTER TABLE "marketplace_skills" ADD CONSTRAINT "fk_marketplace_skills_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "skill_installations" ADD CONSTRAINT "fk_skill_installations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "skill_installations" ADD CONSTRAINT "fk_skill_installations_gateway_id" FOREIGN KEY ("gateway_id") REFERENCES "gateways"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "skill_installations" ADD CONSTRAINT "fk_skill_installations_agent_id" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "skill_installations" ADD CONSTRAINT "fk_skill_installations_skill_id" FOREIGN KEY ("skill_id") REFERENCES "marketplace_skills"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "soul_templates" ADD CONSTRAINT "fk_soul_templates_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "soul_templates" DROP CONSTRAINT "fk_soul_templates_organization_id"`);
        await queryRunner.query(`ALTER TABLE "skill_installations" DROP CONSTRAINT "fk_skill_installations_skill_id"`);
        await queryRunner.query(`ALTER TABLE "skill_installations" DROP CONSTRAINT "fk_skill_installations_agent_id"`);
        await queryRunner.query(`ALTER TABLE "skill_installations" DROP CONSTRAINT "fk_skill_installations_gateway_id"`);
        await queryRunner.query(`ALTER TABLE "skill_installations" DROP CONSTRAINT "fk_skill_installations_organization_id"`);
        await queryRunner.query(`ALTER TABLE "marketplace_skills" DROP CONSTRAINT "fk_marketplace_skills_organization_id"`);
        await queryRunner.query(`DROP INDEX "public"."uq_soul_templates_built_in_slug"`);
        await queryRunner.query(`DROP TABLE "soul_templates"`);
        await queryRunner.query(`DROP INDEX "public"."idx_skill_installations_skill_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_skill_installations_agent_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_skill_installations_organization_id"`);
        await queryRunner.query(`DROP TABLE "skill_installations"`);
        await queryRunner.query(`DROP INDEX "public"."idx_marketplace_skills_organization_id"`);
        await queryRunner.query(`DROP TABLE "marketplace_skills"`);
    }

}
