/**
 * From a stream's JSON schema to Spark types: {@link io.brickbyte.schema.JsonSchemaMapper}, the
 * number and nesting choices, the column naming rule ({@link io.brickbyte.schema.ColumnNames}) and
 * the Airbyte columns every row carries.
 *
 * <p>Rule: imports nothing of the convert, staging, options, spark or delta packages.
 */
package io.brickbyte.schema;
