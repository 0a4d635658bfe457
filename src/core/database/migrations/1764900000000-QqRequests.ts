import { MigrationInterface, QueryRunner } from "typeorm";

export class QqRequests1764900000000 implements MigrationInterface {
    name = 'QqRequests1764900000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "qq_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "flag" character varying(255) NOT NULL, "type" character varying(8) NOT NULL, "sub_type" character varying(16), "user_id" bigint NOT NULL, "group_id" bigint, "comment" text NOT NULL DEFAULT '', "self_id" bigint, "status" character varying(16) NOT NULL DEFAULT 'pending', "handled_by" character varying(16), "handled_at" TIMESTAMP WITH TIME ZONE, "reason" text, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_qq_requests_flag" UNIQUE ("flag"), CONSTRAINT "pk_qq_requests" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_qq_requests_status_requested_at" ON "qq_requests"  ("status", "requested_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_qq_requests_status_requested_at"`);
        await queryRunner.query(`DROP TABLE "qq_requests"`);
    }

}
