import { MigrationInterface, QueryRunner } from "typeorm";

export class Gateways1764600000000 implements MigrationInterface {
    name = 'Gateways1764600000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "gateways" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "mode" character varying(10) NOT NULL, "url" character varying(500), "token_sealed" text, "has_token" boolean NOT NULL DEFAULT false, "relay_token_hash" character(64), "registration_token_id" uuid, "workspace_root" character varying(500), "version" character varying(64), "capabilities" jsonb NOT NULL DEFAULT '[]', "status" character varying(10) NOT NULL DEFAULT 'unknown', "heartbeat_interval_seconds" integer NOT NULL DEFAULT '30', "last_heartbeat_at" TIMESTAMP WITH TIME ZONE, "relay_connected_at" TIMESTAMP WITH TIME ZONE, "relay_instance_id" uuid, "upstream_connected" boolean, "rpc_latency_ms" integer, "messages_relayed" integer NOT NULL DEFAULT '0', "error_count" integer NOT NULL DEFAULT '0', "last_error" text, "last_error_at" TIMESTAMP WITH TIME ZONE, "metadata" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "uq_gateways_name_organization_id" UNIQUE ("organization_id", "name"), CONSTRAINT "pk_gateways" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_gateways_organization_id" ON "gateways"  ("organization_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_gateways_relay_token_hash" ON "gateways"  ("relay_token_hash") `);
        await queryRunner.query(`CREATE INDEX "idx_gateways_last_heartbeat_at" ON "gateways"  ("last_heartbeat_at") `);
        await queryRunner.query(`CREATE TABLE "gateway_registration_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "token_hint" character varying(16) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "use_count" integer NOT NULL DEFAULT '0', CONSTRAINT "pk_gateway_registration_tokens" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_gateway_registration_tokens_organization_id" ON "gateway_registration_tokens"  ("organization_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_gateway_registration_tokens_token_hash" ON "gateway_registration_tokens"  ("token_hash") `);
        await queryRunner.query(`CREATE TABLE "live_connections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "kind" character varying(10) NOT NULL, "organization_id" uuid NOT NULL, "gateway_id" uuid, "h5_user_id" uuid, "instance_id" uuid NOT NULL, "remote_address" character varying(100), "seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_live_connections" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_live_connections_organization_id" ON "live_connections"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_live_connections_gateway_id" ON "live_connections"  ("gateway_id") `);
        await queryRunner.query(`CREATE INDEX "idx_live_connections_h5_user_id" ON "live_connections"  ("h5_user_id") `);
        await queryRunner.query(`CREATE INDEX "idx_live_connections_instance_id" ON "live_connections"  ("instance_id") `);
        await queryRunner.query(`CREATE TABLE "chat_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "h5_user_id" uuid NOT NULL, "agent_id" uuid NOT NULL, "session_key" character varying(200) NOT NULL, "last_message_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_chat_sessions" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_chat_sessions_organization_id" ON "chat_sessions"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_chat_sessions_agent_id" ON "chat_sessions"  ("agent_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_chat_sessions_session_key" ON "chat_sessions"  ("session_key") `);
        await queryRunner.query(`CREATE INDEX "idx_chat_sessions_h5_user_id_agent_id_last_message_at" ON "chat_sessions"  ("h5_user_id", "agent_id", "last_message_at") `);
        await queryRunner.query(`CREATE TABLE "chat_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "session_id" uuid NOT NULL, "h5_user_id" uuid NOT NULL, "role" character varying(10) NOT NULL, "content" text NOT NULL, "client_id" uuid, "reply_to_id" uuid, "state" character varying(10) NOT NULL DEFAULT 'complete', "error_code" character varying(40), CONSTRAINT "pk_chat_messages" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_chat_messages_reply_to_id" ON "chat_messages"  ("reply_to_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "idx_chat_messages_h5_user_id_client_id" ON "chat_messages"  ("h5_user_id", "client_id") WHERE client_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_chat_messages_session_id_created_at" ON "chat_messages"  ("session_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "gateways" ADD CONSTRAINT "fk_gateways_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "agents" ADD CONSTRAINT "fk_agents_gateway_id" FOREIGN KEY ("gateway_id") REFERENCES "gateways"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "gateway_registration_tokens" ADD CONSTRAINT "fk_gateway_registration_tokens_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "chat_sessions" ADD CONSTRAINT "fk_chat_sessions_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "chat_sessions" ADD CONSTRAINT "fk_chat_sessions_h5_user_id" FOREIGN KEY ("h5_user_id") REFERENCES "h5_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "chat_sessions" ADD CONSTRAINT "fk_chat_sessions_agent_id" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "chat_messages" ADD CONSTRAINT "fk_chat_messages_session_id" FOREIGN KEY ("session_id") REFERENCES "chat_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "chat_messages" DROP CONSTRAINT "fk_chat_messages_session_id"`);
        await queryRunner.query(`ALTER TABLE "chat_sessions" DROP CONSTRAINT "fk_chat_sessions_agent_id"`);
        await queryRunner.query(`ALTER TABLE "chat_sessions" DROP CONSTRAINT "fk_chat_sessions_h5_user_id"`);
        await queryRunner.query(`ALTER TABLE "chat_sessions" DROP CONSTRAINT "fk_chat_sessions_organization_id"`);
        await queryRunner.query(`ALTER TABLE "gateway_registration_tokens" DROP CONSTRAINT "fk_gateway_registration_tokens_organization_id"`);
        await queryRunner.query(`ALTER TABLE "agents" DROP CONSTRAINT "fk_agents_gateway_id"`);
        await queryRunner.query(`ALTER TABLE "gateways" DROP CONSTRAINT "fk_gateways_organization_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_chat_messages_session_id_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_chat_messages_h5_user_id_client_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_chat_messages_reply_to_id"`);
        await queryRunner.query(`DROP TABLE "chat_messages"`);
        await queryRunner.query(`DROP INDEX "public"."idx_chat_sessions_h5_user_id_agent_id_last_message_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_chat_sessions_session_key"`);
        await queryRunner.query(`DROP INDEX "public"."idx_chat_sessions_agent_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_chat_sessions_organization_id"`);
        await queryRunner.query(`DROP TABLE "chat_sessions"`);
        await queryRunner.query(`DROP INDEX "public"."idx_live_connections_instance_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_live_connections_h5_user_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_live_connections_gateway_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_live_connections_organization_id"`);
        await queryRunner.query(`DROP TABLE "live_connections"`);
        await queryRunner.query(`DROP INDEX "public"."idx_gateway_registration_tokens_token_hash"`);
        await queryRunner.query(`DROP INDEX "public"."idx_gateway_registration_tokens_organization_id"`);
        await queryRunner.query(`DROP TABLE "gateway_registration_tokens"`);
        await queryRunner.query(`DROP INDEX "public"."idx_gateways_last_heartbeat_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_gateways_relay_token_hash"`);
        await queryRunner.query(`DROP INDEX "public"."idx_gateways_organization_id"`);
        await queryRunner.query(`DROP TABLE "gateways"`);
    }

}
