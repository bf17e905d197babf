/**
 * The {@code airbyte} data source (Spark's DataSource V2): a stream as a table, its scan, batch,
 * partitions and readers (the connector per task, or staged by the driver; one reader loop, one
 * set of task metrics), spec/check/discover as small tables with local scans, and the sync's read
 * of its staged records ({@link io.brickbyte.spark.StagedRecords}: a table of its own, reached
 * from a {@code Table}, not through an option of the format), whose scans report the driver's
 * staging work as driver metrics and the staged bytes and records as statistics (so joins can
 * broadcast a small checkpoint).
 *
 * <p>Rule: imports nothing of the delta package.
 */
package io.brickbyte.spark;
