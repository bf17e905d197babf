package io.brickbyte.delta;

/**
 * What the sync did to one stream.
 *
 * @param state the stream's last committed state (JSON), or null
 */
public record StreamSyncResult(
    String stream,
    String namespace,
    String table,
    WriteMode writeMode,
    long recordsRead,
    long recordsWritten,
    long inserted,
    long updated,
    long deleted,
    double seconds,
    String state) {}
