/**
 * BrickByte: Airbyte source connectors as a Spark data source ({@code format("airbyte")}) and as
 * syncs into Delta tables. The data flows through the packages in this order:
 *
 * <ol>
 *   <li>{@link io.brickbyte.connector}: runs a connector (pip venv, manifest, Docker, executable)
 *       as a child process, with its config in a private file and its secrets masked;
 *   <li>{@link io.brickbyte.protocol}: reads its stdout, one Airbyte message per line;
 *   <li>{@link io.brickbyte.schema}: maps a stream's JSON schema to Spark types;
 *   <li>{@link io.brickbyte.convert}: converts its records into rows;
 *   <li>{@link io.brickbyte.staging}: stages a connector run's records on a file system and cuts
 *       them at STATE boundaries (driver reads, syncs, streams);
 *   <li>{@link io.brickbyte.spark}: the data source, its tables, scans and readers;
 *   <li>{@link io.brickbyte.delta}: the sync into Delta tables, with state kept beside them.
 * </ol>
 *
 * {@link io.brickbyte.options} holds every option key and parses them once. The public API is the
 * data source ({@code io.brickbyte.spark.AirbyteDataSource}), the option names ({@link
 * io.brickbyte.options.AirbyteOptions}), the sync ({@code io.brickbyte.delta.AirbyteSync} and its
 * result) and the exceptions in this package; everything else is plumbing.
 */
package io.brickbyte;
