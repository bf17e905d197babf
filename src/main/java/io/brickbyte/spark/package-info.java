/**
 * The {@code airbyte} data source (Spark's DataSource V2): a stream as a table, its scan, batch,
 * partitions and readers (the connector per task, or staged by the driver), spec/check/discover
 * as small tables, and the scan's metrics.
 *
 * <p>Rule: imports nothing of the delta package.
 */
package io.brickbyte.spark;
