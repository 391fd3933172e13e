export * from './items.ts';
export * from './media.ts';
export * from './scores.ts';
export * from './indicators.ts';
export * from './review.ts';
export * from './channels.ts';
export * from './users.ts';
export * from './score-history.ts';
