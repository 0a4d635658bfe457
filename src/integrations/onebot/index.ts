export * from './onebot-client';
export * from './onebot-errors';
export * from './onebot-types';
