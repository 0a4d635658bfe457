import { Module } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { EmbeddingProvider } from './embedding-provider';
import { HashedEmbedder } from './hashed-embedder';
import { OpenAiEmbeddings } from './openai-embeddings';

/** The embedding provider: an OpenAI-compatible endpoint when EMBEDDING_URL is set, else the built-in hashed embedder. */
export function embeddingProviderOf(config: AppConfig): EmbeddingProvider {
  const { url, model, apiKey, dim } = config.embeddings;
  return url ? new OpenAiEmbeddings({ url, model, apiKey, dim }) : new HashedEmbedder(dim);
}

@Module({
  providers: [{ provide: EmbeddingProvider, useFactory: embeddingProviderOf, inject: [AppConfig] }],
  exports: [EmbeddingProvider],
})
export class EmbeddingsModule {}
