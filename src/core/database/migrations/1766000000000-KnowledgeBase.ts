import { MigrationInterface, QueryRunner } from "typeorm";

/** The HNSW index of one vector length: a partial expression index, so vectors of another length (another model) can sit beside them. */
export function knowledgeVectorIndexSql(dim: number): string {
    return `CREATE INDEX IF NOT EXISTS "idx_knowledge_embeddings_hnsw_${dim}" ON "knowledge_embeddings" USING hnsw ((("embedding")::vector(${dim})) vector_cosine_ops) WHERE "dim" = ${dim}`;
}

export class KnowledgeBase1766000000000 implements MigrationInterface {
    name = 'KnowledgeBase1766000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "knowledge_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "board_id" uuid, "title" character varying(300) NOT NULL, "content" text NOT NULL, "category" character varying(100), "tags" jsonb NOT NULL DEFAULT '[]', "source" character varying(20) NOT NULL DEFAULT 'manual', "pinned" boolean NOT NULL DEFAULT false, "search_vector" tsvector, CONSTRAINT "pk_knowledge_entries" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_knowledge_entries_organization_id" ON "knowledge_entries"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_knowledge_entries_board_id" ON "knowledge_entries"  ("board_id") `);
        await queryRunner.query(`CREATE INDEX "idx_knowledge_entries_organization_id_updated_at" ON "knowledge_entries"  ("organization_id", "updated_at") `);
        await queryRunner.query(`CREATE INDEX "idx_knowledge_entries_search_vector" ON "knowledge_entries" USING gin ("search_vector")`);
        await queryRunner.query(`CREATE TABLE "knowledge_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "knowledge_id" uuid NOT NULL, "filename" character varying(255) NOT NULL, "content_type" character varying(100) NOT NULL, "size" integer NOT NULL, "extracted_text" text NOT NULL, "extracted_chars" integer NOT NULL, CONSTRAINT "pk_knowledge_documents" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_knowledge_documents_organization_id" ON "knowledge_documents"  ("organization_id") `);
        await queryRunner.query(`CREATE INDEX "idx_knowledge_documents_knowledge_id" ON "knowledge_documents"  ("knowledge_id") `);
        await queryRunner.query(`ALTER TABLE "knowledge_entries" ADD CONSTRAINT "fk_knowledge_entries_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "knowledge_entries" ADD CONSTRAINT "fk_knowledge_entries_board_id" FOREIGN KEY ("board_id") REFERENCES "boards"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "knowledge_documents" ADD CONSTRAINT "fk_knowledge_documents_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "knowledge_documents" ADD CONSTRAINT "fk_knowledge_documents_knowledge_id" FOREIGN KEY ("knowledge_id") REFERENCES "knowledge_entries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

        // Not an entity: the column is pgvector's `vector` where the extension can be had, else `real[]` (exact search in SQL).
        const withVector = await this.enableVector(queryRunner);
        await queryRunner.query(`CREATE TABLE "knowledge_embeddings" ("entry_id" uuid NOT NULL, "model" character varying(200) NOT NULL, "dim" integer NOT NULL, "content_hash" character varying(64) NOT NULL, "embedding" ${withVector ? 'vector' : 'real[]'} NOT NULL, "embedded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_knowledge_embeddings" PRIMARY KEY ("entry_id"), CONSTRAINT "fk_knowledge_embeddings_entry_id" FOREIGN KEY ("entry_id") REFERENCES "knowledge_entries"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        if (withVector) {
            const dim = Number(process.env.EMBEDDING_DIM || 256);
            if (Number.isInteger(dim) && dim >= 8 && dim <= 2000) await queryRunner.query(knowledgeVectorIndexSql(dim));
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "knowledge_embeddings"`);
        await queryRunner.query(`ALTER TABLE "knowledge_documents" DROP CONSTRAINT "fk_knowledge_documents_knowledge_id"`);
        await queryRunner.query(`ALTER TABLE "knowledge_documents" DROP CONSTRAINT "fk_knowledge_documents_organization_id"`);
        await queryRunner.query(`ALTER TABLE "knowledge_entries" DROP CONSTRAINT "fk_knowledge_entries_board_id"`);
        await queryRunner.query(`ALTER TABLE "knowledge_entries" DROP CONSTRAINT "fk_knowledge_entries_organization_id"`);
        await queryRunner.query(`DROP TABLE "knowledge_documents"`);
        await queryRunner.query(`DROP TABLE "knowledge_entries"`);
    }

    /** True when `vector` is (or could be made) installed; a server without pgvector, or a role that may not create it, gets the fallback. */
    private async enableVector(queryRunner: QueryRunner): Promise<boolean> {
        const installed = await queryRunner.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`);
        if (installed.length > 0) return true;
        const available = await queryRunner.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`);
        if (available.length === 0) return false;
        const guarded = queryRunner.isTransactionActive;
        if (guarded) await queryRunner.query(`SAVEPOINT knowledge_vector`);
        try {
            await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS vector`);
            if (guarded) await queryRunner.query(`RELEASE SAVEPOINT knowledge_vector`);
            return true;
        } catch {
            if (guarded) await queryRunner.query(`ROLLBACK TO SAVEPOINT knowledge_vector`);
            return false;
        }
    }
}
