/**
 * Stages a connector run: its RECORD lines go, verbatim, into files per stream on a Hadoop file
 * system, and {@link io.brickbyte.staging.StagedRun} cuts them at STATE boundaries into segments
 * that a state covers, for a driver read, a sync's checkpoints or a stream's batches.
 *
 * <p>Rule: imports nothing from Spark (Hadoop's FileSystem API only), nor from the spark or delta
 * packages.
 */
package io.brickbyte.staging;
