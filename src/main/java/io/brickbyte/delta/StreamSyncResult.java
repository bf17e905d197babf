package io.brickbyte.delta;

import java.util.List;

/**
 * What the sync did to one stream.
 *
 * @param state the stream's last committed state (JSON), or null
 * @param renames the table and column names that differ from the source's, e.g. {@code table
 *     DupCase -> dupcase_1a2b3c}, {@code column ID -> ID_4d5e6f}; empty if none
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
    List<String> renames) {}
