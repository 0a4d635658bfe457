export * from './wechat-webhook-client';
export * from './wechat-webhook-errors';
