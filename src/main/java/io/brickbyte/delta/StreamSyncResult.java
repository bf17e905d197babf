package io.brickbyte.delta;

import java.util.List;

/**
 * What the sync did to one stream.
 *
 * @param recordsRead the records the connector sent for the stream
 * @param recordsWritten the rows the sync inserted, updated or deleted in the table ({@code
 *     inserted + updated + deleted}), the same in every write mode: a full refresh or an append
 *     writes every record, duplicates too; a MERGE one per key, and none that is older than the row
 *     it matches; the rows a full refresh replaces are not counted
 * @param state the stream's last committed state (JSON), or null
 * @param renames the table and column names that differ from the source's, e.g. {@code table
 *     DupCase -> dupcase_1a2b3c}, {@code column ID -> ID_4d5e6f}; empty if none
 * @param status {@code succeeded} or {@code failed} (the sync failed: what was committed before
 *     the failure stays, a full refresh is not committed)
 * @param reportedComplete whether the source reported the stream COMPLETE (TRACE STREAM_STATUS);
 *     null if it reported no status for it
 * @param bytesRead the bytes of the stream's record lines the connector sent
 * @param error what failed the sync (secrets masked), or null
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
    String state,
    List<String> renames,
    String status,
    Boolean reportedComplete,
    long bytesRead,
    String error) {}
