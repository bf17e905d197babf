package io.brickbyte.delta;

/**
 * What the sync did to one stream.
 *
 * @param recordsRead the records the connector sent for the stream
 * @param recordsWritten the rows the sync inserted, updated or deleted in the table ({@code
 *     inserted + updated + deleted}), the same in every write mode: a full refresh or an append
 *     writes every record, duplicates too; a MERGE one per key, and none that is older than the row
 *     it matches; the rows a full refresh replaces are not counted
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
