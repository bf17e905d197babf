/**
 * The sync into Delta tables ({@link io.brickbyte.delta.AirbyteSync}): plans a table per stream,
 * runs the connector once (or, with option {@code parallelism}, once per group of streams, at once:
 * {@link io.brickbyte.delta.StreamGroups}), commits its records checkpoint by checkpoint (overwrite, append or
 * MERGE) and keeps the source's state in {@code _airbyte_state}, so that the next sync is
 * incremental and a killed one ends like one that never died. {@link
 * io.brickbyte.delta.CommittedStates} reads that state, read only, for a stream's {@code
 * startingState=latest}.
 */
package io.brickbyte.delta;
