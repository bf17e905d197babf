/**
 * From a stream's JSON schema to Spark types ({@link io.brickbyte.schema.JsonSchemaMapper}, the
 * column naming rule), and from a record to a row ({@link io.brickbyte.schema.RecordConverter}:
 * converters built once per schema, a byte-level fast path, PERMISSIVE / DROPMALFORMED / FAILFAST,
 * what changed recorded in {@code _airbyte_meta}).
 *
 * <p>Rule: imports nothing of the staging, options, spark or delta packages.
 */
package io.brickbyte.schema;
