package io.brickbyte.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.connector.CatalogCache;
import io.brickbyte.connector.ConnectorClient;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.AirbyteStream;
import io.brickbyte.schema.AirbyteColumns;
import io.brickbyte.schema.JsonSchemaMapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/** The answer of {@code spec}, {@code check} or {@code discover}, as rows for {@code display()}. */
record ActionResult(StructType schema, List<InternalRow> rows) {

  static final StructType SPEC =
      new StructType()
          .add("documentation_url", DataTypes.StringType)
          .add("connection_specification", DataTypes.StringType)
          .add("spec", DataTypes.StringType);

  static final StructType CHECK =
      new StructType().add("status", DataTypes.StringType).add("message", DataTypes.StringType);

  static final StructType DISCOVER =
      new StructType()
          .add("stream", DataTypes.StringType)
          .add("namespace", DataTypes.StringType)
          .add("supported_sync_modes", DataTypes.createArrayType(DataTypes.StringType))
          .add("source_defined_cursor", DataTypes.BooleanType)
          .add("default_cursor_field", DataTypes.createArrayType(DataTypes.StringType))
          .add(
              "source_defined_primary_key",
              DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.StringType)))
          .add("spark_schema", DataTypes.StringType)
          .add("json_schema", DataTypes.StringType);

  static ActionResult run(ReadConf conf, ConnectorClient client) {
    return switch (conf.action()) {
      case SPEC -> spec(client.spec());
      case CHECK -> check(client.check(conf.config()));
      case DISCOVER -> discover(conf, client);
      case READ -> throw new IllegalArgumentException("read is not an action result");
    };
  }

  private static ActionResult spec(ObjectNode spec) {
    return new ActionResult(
        SPEC,
        List.of(
            row(
                text(spec.get("documentationUrl")),
                text(spec.get("connectionSpecification")),
                UTF8String.fromString(spec.toString()))));
  }

  private static ActionResult check(AirbyteMessage.ConnectionStatus status) {
    return new ActionResult(
        CHECK,
        List.of(row(UTF8String.fromString(status.status()), utf8(status.message()))));
  }

  private static ActionResult discover(ReadConf conf, ConnectorClient client) {
    JsonSchemaMapper mapper = new JsonSchemaMapper(conf.numberType(), conf.nested());
    List<InternalRow> rows = new ArrayList<>();
    // Always the connector's answer of now; kept for the loads that follow.
    for (AirbyteStream stream : CatalogCache.driver().discoverNow(client, conf.config()).streams()) {
      StructType columns = AirbyteColumns.append(mapper.toStructType(stream.jsonSchema()));
      rows.add(
          row(
              UTF8String.fromString(stream.name()),
              utf8(stream.descriptor().namespace()),
              strings(stream.supportedSyncModes()),
              stream.sourceDefinedCursor(),
              strings(stream.defaultCursorField()),
              new GenericArrayData(
                  stream.sourceDefinedPrimaryKey().stream().map(ActionResult::strings).toArray()),
              UTF8String.fromString(columns.toDDL()),
              UTF8String.fromString(stream.jsonSchema().toString())));
    }
    return new ActionResult(DISCOVER, rows);
  }

  private static InternalRow row(Object... values) {
    return new GenericInternalRow(values);
  }

  private static GenericArrayData strings(List<String> values) {
    return new GenericArrayData(values.stream().map(UTF8String::fromString).toArray());
  }

  private static UTF8String utf8(String value) {
    return value == null ? null : UTF8String.fromString(value);
  }

  private static UTF8String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return UTF8String.fromString(node.isTextual() ? node.asText() : node.toString());
  }
}
