package io.brickbyte.convert;

/** What a record with a value that does not fit its column does (the words of Spark's JSON reader). */
public enum ConversionMode {
  /** The value is nulled and the change recorded in {@code _airbyte_meta.changes}. */
  PERMISSIVE,
  /** The whole record is dropped. */
  DROPMALFORMED,
  /** The read fails, naming the stream and the field. */
  FAILFAST
}
