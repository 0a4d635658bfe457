export * from './napcat-webui-client';
export * from './napcat-webui-errors';
