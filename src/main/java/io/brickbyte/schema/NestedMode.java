package io.brickbyte.schema;

/** How objects and arrays inside a record are typed. */
public enum NestedMode {
  /** Objects with declared properties become structs, arrays with typed items arrays. */
  STRUCT,
  /** Every object and array is a JSON string: immune to drift in nested shapes. */
  JSON
}
