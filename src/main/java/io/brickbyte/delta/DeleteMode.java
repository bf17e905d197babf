package io.brickbyte.delta;

/** What a MERGE does with a record whose {@code _ab_cdc_deleted_at} is set. */
public enum DeleteMode {
  /** Delete the target row. */
  HARD,
  /** Keep the row, with {@code _ab_cdc_deleted_at} set. */
  SOFT
}
