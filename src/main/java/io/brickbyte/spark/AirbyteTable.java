package io.brickbyte.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.connector.CatalogCache;
import io.brickbyte.connector.ConnectorClient;
import io.brickbyte.protocol.AirbyteCatalog;
import io.brickbyte.protocol.AirbyteStream;
import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.schema.AirbyteColumns;
import io.brickbyte.schema.JsonSchemaMapper;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * One stream of a source as a table. Its name shows in plans and the Spark UI, so it names the
 * connector and stream, never the config.
 */
final class AirbyteTable implements SupportsRead {

  private final ReadConf conf;
  private final StructType schema;
  private final ConfiguredStream stream;

  private AirbyteTable(ReadConf conf, StructType schema, ConfiguredStream stream) {
    this.conf = conf;
    this.schema = schema;
    this.stream = stream;
  }

  /**
   * The stream's schema from {@code discover} on the driver, or from a catalog discovered there
   * before for the same connector and config (options {@code catalogTtl}, {@code refreshCatalog}).
   */
  static AirbyteTable load(ReadConf conf) {
    ConnectorClient client = new ConnectorClient(conf.connector(), conf.runSettings());
    AirbyteCatalog catalog = CatalogCache.driver().discover(client, conf.config(), conf.catalogReuse());
    AirbyteStream found =
        catalog
            .find(conf.stream().name(), conf.stream().namespace())
            .orElseThrow(
                () ->
                    new AirbyteConfigException(
                        "Option 'stream' = '" + conf.stream() + "' is not a stream of "
                            + conf.connector().name() + ". Accepted: " + String.join(", ", catalog.names())));
    StructType data =
        new JsonSchemaMapper(conf.numberType(), conf.nested()).toStructType(found.jsonSchema());
    return new AirbyteTable(conf, AirbyteColumns.append(data), configure(conf, found));
  }

  /** A read with the user's schema: the stream is taken on trust, as the connector will see. */
  static AirbyteTable withSchema(ReadConf conf, StructType schema) {
    if (conf.action() != Action.READ) {
      throw new AirbyteConfigException(
          "A schema given with .schema(...) applies to action=read only, not action="
              + conf.action().name().toLowerCase());
    }
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("name", conf.stream().name());
    if (conf.stream().namespace() != null) {
      json.put("namespace", conf.stream().namespace());
    }
    json.putObject("json_schema").put("type", "object");
    json.putArray("supported_sync_modes").add("full_refresh").add("incremental");
    return new AirbyteTable(conf, schema, configure(conf, new AirbyteStream(json)));
  }

  private static ConfiguredStream configure(ReadConf conf, AirbyteStream stream) {
    List<String> supported = stream.supportedSyncModes();
    if (!supported.isEmpty() && !supported.contains(conf.syncMode().wireName())) {
      throw new AirbyteConfigException(
          "Option 'syncMode' = '" + conf.syncMode().wireName() + "' is not supported by stream '"
              + conf.stream() + "'. Accepted: " + String.join(", ", supported));
    }
    List<String> cursor = conf.cursorField();
    if (!cursor.isEmpty() && !hasField(stream.jsonSchema(), cursor)) {
      throw new AirbyteConfigException("Option 'cursorField' = '" + String.join(".", cursor)
          + "' names no field of stream '" + conf.stream() + "'. Accepted: a field of its schema, "
          + "e.g. " + String.join(", ", propertyNames(stream.jsonSchema())));
    }
    if (conf.syncMode() == SyncMode.INCREMENTAL && cursor.isEmpty()) {
      cursor = stream.defaultCursorField();
    }
    return new ConfiguredStream(stream, conf.syncMode(), cursor, stream.sourceDefinedPrimaryKey());
  }

  /** Whether the path names a property, level by level; a schema that lists none takes any. */
  private static boolean hasField(JsonNode schema, List<String> path) {
    JsonNode node = schema;
    for (String field : path) {
      JsonNode properties = node.path("properties");
      if (!properties.isObject() || properties.isEmpty()) {
        return true;
      }
      node = properties.path(field);
      if (node.isMissingNode()) {
        return false;
      }
    }
    return true;
  }

  private static List<String> propertyNames(JsonNode schema) {
    List<String> names = new java.util.ArrayList<>();
    schema.path("properties").fieldNames().forEachRemaining(names::add);
    return names.size() > 10 ? names.subList(0, 10) : names;
  }

  @Override
  public String name() {
    return "airbyte[" + conf.connector().name() + "]." + conf.stream();
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.BATCH_READ, TableCapability.MICRO_BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return new AirbyteScanBuilder(conf, schema, stream, name());
  }
}
