export * from './catalogs.ts';
export * from './coded.ts';
export * from './event.ts';
export * from './incident.ts';
export * from './entity.ts';
export * from './principal.ts';
export * from './oauth-client.ts';
export * from './time.ts';
