/**
 * {@code spark.readStream.format("airbyte")}: a stream of one Airbyte stream, whose offset is the
 * connector's state. {@link io.brickbyte.stream.AirbyteMicroBatchStream} runs the connector from
 * the start offset's state, stages its records under the query's checkpoint and hands them out in
 * batches cut at STATE boundaries; a batch's offset ({@link
 * io.brickbyte.stream.AirbyteStreamOffset}) holds the states to resume from and where its staged
 * records lie, so that a batch Spark replays after a restart reads the same records again.
 * {@code startingState=latest} asks {@link io.brickbyte.stream.SyncStates} for the state a sync
 * committed; the delta package implements it, named in {@code META-INF/services}.
 *
 * <p>Rule: imports nothing of the delta package.
 */
package io.brickbyte.stream;
