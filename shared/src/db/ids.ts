import { v7 } from 'uuid';

/** Time-ordered UUIDv7 for primary keys: new rows land at the right edge of the index. */
export const newId = (): string => v7();
