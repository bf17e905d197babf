/**
 * Progress of a connector run while it runs: per stream, the records and bytes staged so far, their
 * rate, the connector's own estimates (TRACE ESTIMATE) as a percentage and an ETA, and its stream
 * statuses (TRACE STREAM_STATUS). {@link io.brickbyte.progress.RunProgress} is fed by the thread
 * that drains the connector and read by any other ({@link io.brickbyte.progress.ProgressLog}'s
 * log line every few seconds, the sync's API, the Python shim's display). Imports nothing from
 * Spark, nor from the packages downstream of the protocol.
 */
package io.brickbyte.progress;
