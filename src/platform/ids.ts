import { v7 } from 'uuid';

/** Row identifiers are UUID v7: time-ordered, so B-tree inserts stay local and ids sort by creation. */
export function newId(): string {
  return v7();
}
