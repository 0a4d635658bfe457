export * from './backoff';
export * from './gateway-caller';
export * from './gateway-errors';
export * from './gateway-frames';
export * from './gateway-operations';
export * from './openclaw-gateway-client';
export * from './skill-archive';
