import { MigrationInterface, QueryRunner } from "typeorm";

export class BoardWebhooks1764500000000 implements MigrationInterface {
    name = 'BoardWebhooks1764500000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "board_webhooks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "board_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "secret_sealed" text NOT NULL, "secret_hint" character varying(16) NOT NULL, "deliveries_accepted" integer NOT NULL DEFAULT '0', "deliveries_rejected" integer NOT NULL DEFAULT '0', "last_delivery_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_board_webhooks" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_board_webhooks_organization_id" ON "board_webhooks"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_board_webhooks_board_id" ON "board_webhooks"  ("board_id") `);
        await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "webhook_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "board_id" uuid NOT NULL, "event_type" character varying(100), "payload" jsonb NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_webhook_deliveries_webhook_id_received_at" ON "webhook_deliveries"  ("webhook_id", "received_at") `);
        await queryRunner.query(`ALTER TABLE "board_webhooks" ADD CONSTRAINT "fk_board_webhooks_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "board_webhooks" ADD CONSTRAINT "fk_board_webhooks_board_id" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_webhook_id" FOREIGN KEY ("webhook_id") REFERENCES "board_webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_webhook_id"`);
        await queryRunner.query(`ALTER TABLE "board_webhooks" DROP CONSTRAINT "fk_board_webhooks_board_id"`);
        await queryRunner.query(`ALTER TABLE "board_webhooks" DROP CONSTRAINT "fk_board_webhooks_organization_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_webhook_deliveries_webhook_id_received_at"`);
        await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
        await queryRunner.query(`DROP INDEX "public"."idx_board_webhooks_board_id"`);
        await queryRunner.query(`DROP INDEX "public"."idx_board_webhooks_organization_id"`);
        await queryRunner.query(`DROP TABLE "board_webhooks"`);
    }

}
