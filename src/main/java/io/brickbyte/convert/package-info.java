/**
 * From a record to a row: {@link io.brickbyte.convert.RecordConverter} builds its converters once
 * per schema and writes each record straight into a reused InternalRow, from the line's bytes
 * where it can (the fast path) or from Jackson's tokens; PERMISSIVE / DROPMALFORMED / FAILFAST,
 * and what changed recorded in {@code _airbyte_meta}.
 *
 * <p>Rule: imports nothing of the staging, options, spark or delta packages.
 */
package io.brickbyte.convert;
