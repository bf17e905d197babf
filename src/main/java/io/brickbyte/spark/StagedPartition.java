package io.brickbyte.spark;

import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.schema.ConversionMode;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.types.StructType;

/** One staged file of one stream. */
record StagedPartition(
    String file, StreamDescriptor stream, StructType schema, ConversionMode mode, Long syncId)
    implements InputPartition {}
