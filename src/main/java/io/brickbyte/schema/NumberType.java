package io.brickbyte.schema;

/** How JSON schema {@code number} is typed. */
public enum NumberType {
  /** DECIMAL(38,10), as Airbyte's Databricks destination types numbers: exact, bounded. */
  DECIMAL,
  /** DOUBLE: any magnitude, approximate. */
  DOUBLE
}
