import { MigrationInterface, QueryRunner } from "typeorm";

export class Foundation1763800000000 implements MigrationInterface {
    name = 'Foundation1763800000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "idempotency_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scope" character varying(120) NOT NULL, "key" character varying(200) NOT NULL, "request_hash" character(64) NOT NULL, "status_code" smallint, "response_body" jsonb, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_idempotency_records_key_scope" UNIQUE ("scope", "key"), CONSTRAINT "pk_idempotency_records" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_idempotency_records_expires_at" ON "idempotency_records"  ("expires_at") `);
        await queryRunner.query(`CREATE TABLE "activity_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid, "actor_type" character varying(16) NOT NULL, "actor_id" uuid, "action" character varying(100) NOT NULL, "target_type" character varying(50) NOT NULL, "target_id" uuid, "board_id" uuid, "summary" text NOT NULL, "changes" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_activity_entries" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_activity_entries_target_type_target_id" ON "activity_entries"  ("target_type", "target_id") `);
        await queryRunner.query(`CREATE INDEX "idx_activity_entries_organization_id_created_at" ON "activity_entries"  ("organization_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" character varying(200) NOT NULL, "slug" character varying(100) NOT NULL, "description" text, "settings" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "pk_organizations" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_organizations_slug" ON "organizations"  ("slug") `);
        await queryRunner.query(`CREATE TABLE "agents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "description" text, "board_id" uuid, "gateway_id" uuid, "openclaw_agent_id" character varying(100) NOT NULL DEFAULT 'main', "status" character varying(20) NOT NULL DEFAULT 'offline', "token_hash" character(64) NOT NULL, "token_hint" character varying(16) NOT NULL, "token_rotated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE, "metadata" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "uq_agents_name_organization_id" UNIQUE ("organization_id", "name"), CONSTRAINT "pk_agents" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_agents_organization_id" ON "agents"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_agents_board_id" ON "agents"  ("board_id") `);
        await queryRunner.query(`CREATE INDEX "idx_agents_gateway_id" ON "agents"  ("gateway_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_agents_token_hash" ON "agents"  ("token_hash") `);
        await queryRunner.query(`CREATE TABLE "agent_capabilities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "agent_id" uuid NOT NULL, "capability" character varying(64) NOT NULL, "proficiency" smallint NOT NULL DEFAULT '3', CONSTRAINT "uq_agent_capabilities_agent_id_capability" UNIQUE ("agent_id", "capability"), CONSTRAINT "pk_agent_capabilities" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_agent_capabilities_capability" ON "agent_capabilities"  ("capability") `);
        await queryRunner.query(`CREATE TABLE "h5_users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "username" character varying(64) NOT NULL, "password_hash" text NOT NULL, "display_name" character varying(100) NOT NULL, "avatar_url" character varying(2048), "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_h5_users_organization_id_username" UNIQUE ("organization_id", "username"), CONSTRAINT "pk_h5_users" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_h5_users_organization_id" ON "h5_users"  ("organization_id") `);
        await queryRunner.query(`CREATE TABLE "h5_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "h5_user_id" uuid NOT NULL, "agent_id" uuid NOT NULL, "board_id" uuid, "role" character varying(32) NOT NULL DEFAULT 'member', CONSTRAINT "uq_h5_assignments_agent_id_h5_user_id" UNIQUE ("h5_user_id", "agent_id"), CONSTRAINT "pk_h5_assignments" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_h5_assignments_organization_id" ON "h5_assignments"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_h5_assignments_agent_id" ON "h5_assignments"  ("agent_id") `);
        await queryRunner.query(`CREATE TABLE "h5_refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "replaced_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_h5_refresh_tokens" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_h5_refresh_tokens_user_id" ON "h5_refresh_tokens"  ("user_id") `);
        await queryRunner.query(`CREATE INDEX "idx_h5_refresh_tokens_family_id" ON "h5_refresh_tokens"  ("family_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_h5_refresh_tokens_token_hash" ON "h5_refresh_tokens"  ("token_hash") `);
        await queryRunner.query(`CREATE TABLE "agent_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "agent_id" uuid NOT NULL, "board_id" uuid, "task_id" uuid, "event_type" character varying(100) NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_agent_events" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_agent_events_board_id" ON "agent_events"  ("board_id") `);
        await queryRunner.query(`CREATE INDEX "idx_agent_events_agent_id_created_at" ON "agent_events"  ("agent_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "idx_agent_events_organization_id_created_at" ON "agent_events"  ("organization_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "email" character varying(320) NOT NULL, "display_name" character varying(200) NOT NULL, "password_hash" text, "role" character varying(20) NOT NULL DEFAULT 'admin', "organization_id" uuid, "external_id" character varying(200), "avatar_url" character varying(2048), "timezone" character varying(64) NOT NULL DEFAULT 'UTC', "preferences" jsonb NOT NULL DEFAULT '{}', "is_active" boolean NOT NULL DEFAULT true, "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_users" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_users_email" ON "users"  ("email") `);
        await queryRunner.query(`CREATE INDEX "idx_users_organization_id" ON "users"  ("organization_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_users_external_id" ON "users"  ("external_id") `);
        await queryRunner.query(`ALTER TABLE "agents" ADD CONSTRAINT "fk_agents_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "agent_capabilities" ADD CONSTRAINT "fk_agent_capabilities_agent_id" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "h5_users" ADD CONSTRAINT "fk_h5_users_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "h5_assignments" ADD CONSTRAINT "fk_h5_assignments_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "h5_assignments" ADD CONSTRAINT "fk_h5_assignments_h5_user_id" FOREIGN KEY ("h5_user_id") REFERENCES "h5_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "h5_assignments" ADD CONSTRAINT "fk_h5_assignments_agent_id" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "h5_refresh_tokens" ADD CONSTRAINT "fk_h5_refresh_tokens_user_id" FOREIGN KEY ("user_id") REFERENCES "h5_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "agent_events" ADD CONSTRAINT "fk_agent_events_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "agent_events" ADD CONSTRAINT "fk_agent_events_agent_id" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "fk_users_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_organization_id"`);
        await queryRunner.query(`ALTER TABLE "agent_events" DROP CONSTRAINT "fk_agent_events_agent_id"`);
        await queryRunner.query(`ALTER TABLE "agent_events" DROP CONSTRAINT "fk_agent_events_organization_id"`);
        await queryRunner.query(`ALTER TABLE "h5_refresh_tokens" DROP CONSTRAINT "fk_h5_refresh_tokens_user_id"`);
        await queryRunner.query(`ALTER TABLE "h5_assignments" DROP CONSTRAINT "fk_h5_assignments_agent_id"`);
        await queryRunner.query(`ALTER TABLE "h5_assignments" DROP CONSTRAINT "fk_h5_assignments_h5_user_id"`);
        await queryRunner.query(`ALTER TABLE "h5_assignments" DROP CONSTRAINT "fk_h5_assignments_organization_id"`);
        await queryRunner.query(`ALTER TABLE "h5_users" DROP CONSTRAINT "fk_h5_users_organization_id"`);
        await queryRunner.query(`ALTER TABLE "agent_capabilities" DROP CONSTRAINT "fk_agent_capabilities_agent_id"`);
        await queryRunner.query(`ALTER TABLE "agents" DROP CONSTRAINT "fk_agents_organization_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_users_external_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_users_organization_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_users_email"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agent_events_organization_id_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agent_events_agent_id_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agent_events_board_id"`);
        await queryRunner.query(`DROP TABLE "agent_events"`);
        await queryRunner.query(`DROP INDEX "public"."idx_h5_refresh_tokens_token_hash"`);
        await queryRunner.query(`DROP INDEX "public"."idx_h5_refresh_tokens_family_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_h5_refresh_tokens_user_id"`);
        await queryRunner.query(`DROP TABLE "h5_refresh_tokens"`);
        await queryRunner.query(`DROP INDEX "public"."idx_h5_assignments_agent_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_h5_assignments_organization_id"`);
        await queryRunner.query(`DROP TABLE "h5_assignments"`);
        await queryRunner.query(`DROP INDEX "public"."idx_h5_users_organization_id"`);
        await queryRunner.query(`DROP TABLE "h5_users"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agent_capabilities_capability"`);
        await queryRunner.query(`DROP TABLE "agent_capabilities"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agents_token_hash"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agents_gateway_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agents_board_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_agents_organization_id"`);
        await queryRunner.query(`DROP TABLE "agents"`);
        await queryRunner.query(`DROP INDEX "public"."idx_organizations_slug"`);
        await queryRunner.query(`DROP TABLE "organizations"`);
        await queryRunner.query(`DROP INDEX "public"."idx_activity_entries_organization_id_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_activity_entries_target_type_target_id"`);
        await queryRunner.query(`DROP TABLE "activity_entries"`);
        await queryRunner.query(`DROP INDEX "public"."idx_idempotency_records_expires_at"`);
        await queryRunner.query(`DROP TABLE "idempotency_records"`);
    }

}
