package io.brickbyte.spark;

import io.brickbyte.protocol.ConfiguredCatalog;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.types.StructType;

/** One connector run reading one stream, converted into {@code readSchema}. */
record StreamPartition(ReadConf conf, ConfiguredCatalog catalog, StructType readSchema)
    implements InputPartition {}
