package io.brickbyte.delta;

/** How a stream's records land in its Delta table. */
public enum WriteMode {
  /** Replace the table's content in one commit (full refresh). */
  OVERWRITE,
  /** Add the records (incremental without a primary key). */
  APPEND,
  /** Upsert on the primary key, newest cursor wins, CDC deletes (incremental with a key). */
  MERGE
}
