package io.brickbyte.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A stream's JSON schema as a Spark {@link StructType}: one nullable column per top-level
 * property, typed by the rules of docs/reading.md, "Columns and types" (both Airbyte typing
 * styles: {@code format}/{@code airbyte_type} and {@code $ref} to the well-known types). What
 * cannot be typed is a JSON string.
 * Properties that differ only in case get distinct column names, at any depth ({@link ColumnNames}).
 */
public final class JsonSchemaMapper {

  public static final DecimalType DECIMAL_NUMBER = DataTypes.createDecimalType(38, 10);
  public static final DecimalType BIG_INTEGER = DataTypes.createDecimalType(38, 0);

  private static final String WELL_KNOWN_PREFIX = "WellKnownTypes.json#/definitions/";
  private static final int MAX_DEPTH = 64;

  private final NumberType numberType;
  private final NestedMode nested;

  public JsonSchemaMapper(NumberType numberType, NestedMode nested) {
    this.numberType = numberType;
    this.nested = nested;
  }

  /** The columns of a stream whose {@code json_schema} is {@code schema}. */
  public StructType toStructType(JsonNode schema) {
    return structOf(schema, schema, 0);
  }

  private StructType structOf(JsonNode schema, JsonNode root, int depth) {
    List<String> properties = new ArrayList<>();
    schema.path("properties").fieldNames().forEachRemaining(properties::add);
    List<String> columns = ColumnNames.of(properties);
    StructField[] fields = new StructField[properties.size()];
    for (int i = 0; i < fields.length; i++) {
      String property = properties.get(i);
      DataType type = typeOf(schema.path("properties").get(property), root, depth + 1);
      fields[i] = ColumnNames.field(property, columns.get(i), type);
    }
    return new StructType(fields);
  }

  private DataType typeOf(JsonNode schema, JsonNode root, int depth) {
    if (depth > MAX_DEPTH) {
      return DataTypes.StringType;
    }
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.isTextual()) {
      return typeOfRef(ref.asText(), root, depth);
    }
    for (String union : new String[] {"oneOf", "anyOf"}) {
      JsonNode options = schema.get(union);
      if (options != null && options.isArray()) {
        return typeOfUnion(options, root, depth);
      }
    }
    Set<String> types = nonNullTypes(schema.get("type"));
    if (types.isEmpty()) {
      // Untyped: shape-only schemas still say what they hold.
      if (schema.has("properties")) {
        types.add("object");
      } else if (schema.has("items")) {
        types.add("array");
      } else {
        return DataTypes.StringType;
      }
    }
    if (types.size() > 1) {
      return Set.of("integer", "number").containsAll(types) ? number(schema) : DataTypes.StringType;
    }
    return switch (types.iterator().next()) {
      case "string" -> string(schema);
      case "integer" -> integer(schema);
      case "number" -> number(schema);
      case "boolean" -> DataTypes.BooleanType;
      case "object" -> object(schema, root, depth);
      case "array" -> array(schema, root, depth);
      default -> DataTypes.StringType;
    };
  }

  private DataType typeOfRef(String ref, JsonNode root, int depth) {
    int wellKnown = ref.indexOf(WELL_KNOWN_PREFIX);
    if (wellKnown >= 0) {
      return wellKnownType(ref.substring(wellKnown + WELL_KNOWN_PREFIX.length()));
    }
    if (ref.startsWith("#/")) {
      JsonNode target = root.at(ref.substring(1));
      if (!target.isMissingNode()) {
        return typeOf(target, root, depth + 1);
      }
    }
    return DataTypes.StringType;
  }

  private DataType wellKnownType(String name) {
    return switch (name) {
      case "BinaryData" -> DataTypes.BinaryType;
      case "Date" -> DataTypes.DateType;
      case "TimestampWithTimezone" -> DataTypes.TimestampType;
      case "TimestampWithoutTimezone" -> DataTypes.TimestampNTZType;
      case "Number" -> numberType == NumberType.DOUBLE ? DataTypes.DoubleType : DECIMAL_NUMBER;
      case "Integer" -> DataTypes.LongType;
      case "Boolean" -> DataTypes.BooleanType;
      default -> DataTypes.StringType; // String, TimeWithTimezone, TimeWithoutTimezone
    };
  }

  /** {@code anyOf: [{type: null}, X]} is a nullable X; a real union is JSON text. */
  private DataType typeOfUnion(JsonNode options, JsonNode root, int depth) {
    JsonNode only = null;
    int count = 0;
    for (JsonNode option : options) {
      if (!isNullOnly(option)) {
        only = option;
        count++;
      }
    }
    return count == 1 ? typeOf(only, root, depth + 1) : DataTypes.StringType;
  }

  private static DataType string(JsonNode schema) {
    String airbyteType = schema.path("airbyte_type").asText("");
    String format = schema.path("format").asText("");
    if (airbyteType.equals("timestamp_without_timezone")) {
      return DataTypes.TimestampNTZType;
    }
    if (airbyteType.equals("timestamp_with_timezone") || format.equals("date-time")) {
      return DataTypes.TimestampType;
    }
    if (format.equals("date")) {
      return DataTypes.DateType;
    }
    if (airbyteType.equals("big_integer")) {
      return BIG_INTEGER;
    }
    if (airbyteType.equals("integer")) {
      return DataTypes.LongType;
    }
    if (schema.path("contentEncoding").asText("").equals("base64")) {
      return DataTypes.BinaryType;
    }
    return DataTypes.StringType;
  }

  private static DataType integer(JsonNode schema) {
    return schema.path("airbyte_type").asText("").equals("big_integer")
        ? BIG_INTEGER
        : DataTypes.LongType;
  }

  private DataType number(JsonNode schema) {
    return switch (schema.path("airbyte_type").asText("")) {
      case "integer" -> DataTypes.LongType;
      case "big_integer" -> BIG_INTEGER;
      default -> numberType == NumberType.DOUBLE ? DataTypes.DoubleType : DECIMAL_NUMBER;
    };
  }

  private DataType object(JsonNode schema, JsonNode root, int depth) {
    JsonNode properties = schema.get("properties");
    if (nested == NestedMode.JSON || properties == null || properties.isEmpty()) {
      return DataTypes.StringType;
    }
    return structOf(schema, root, depth);
  }

  private DataType array(JsonNode schema, JsonNode root, int depth) {
    JsonNode items = schema.get("items");
    if (nested == NestedMode.JSON || items == null || !items.isObject() || items.isEmpty()) {
      return DataTypes.StringType;
    }
    return DataTypes.createArrayType(typeOf(items, root, depth + 1), true);
  }

  private static Set<String> nonNullTypes(JsonNode type) {
    Set<String> types = new LinkedHashSet<>();
    if (type != null && type.isTextual()) {
      types.add(type.asText());
    } else if (type != null && type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    }
    types.remove("null");
    return types;
  }

  private static boolean isNullOnly(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type == null) {
      return false;
    }
    return type.isTextual() ? type.asText().equals("null") : type.size() > 0 && nonNullTypes(type).isEmpty();
  }
}
