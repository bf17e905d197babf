package io.brickbyte.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class JsonSchemaMapperTest {

  private static final DataType STRING = DataTypes.StringType;
  private static final DataType DECIMAL = DataTypes.createDecimalType(38, 10);

  private static StructType struct(String schema, NumberType numbers, NestedMode nested) {
    try {
      StructType struct = new JsonSchemaMapper(numbers, nested).toStructType(Json.MAPPER.readTree(schema));
      assertAllNullable(struct);
      return struct;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The type of a single column {@code c} whose property schema is {@code property}. */
  private static DataType type(String property, NumberType numbers, NestedMode nested) {
    StructType struct = struct("{\"type\":\"object\",\"properties\":{\"c\":" + property + "}}", numbers, nested);
    assertEquals(1, struct.fields().length);
    assertEquals("c", struct.fields()[0].name());
    return struct.fields()[0].dataType();
  }

  private static DataType type(String property) {
    return type(property, NumberType.DECIMAL, NestedMode.STRUCT);
  }

  private static String wellKnown(String name) {
    return "{\"$ref\":\"WellKnownTypes.json#/definitions/" + name + "\"}";
  }

  private static void assertAllNullable(DataType type) {
    if (type instanceof StructType struct) {
      for (StructField field : struct.fields()) {
        assertTrue(field.nullable(), () -> field.name() + " must be nullable");
        assertAllNullable(field.dataType());
      }
    } else if (type instanceof ArrayType array) {
      assertTrue(array.containsNull(), "array elements must be nullable");
      assertAllNullable(array.elementType());
    } else if (type instanceof MapType map) {
      assertAllNullable(map.valueType());
    }
  }

  @Test
  void string() {
    assertEquals(STRING, type("{\"type\":\"string\"}"));
    assertEquals(STRING, type("{\"type\":\"string\",\"format\":\"email\",\"maxLength\":5}"));
    assertEquals(STRING, type(wellKnown("String")));
    assertEquals(STRING, type(wellKnown("SomethingNew")), "a well-known type of a newer protocol");
  }

  @Test
  void date() {
    assertEquals(DataTypes.DateType, type("{\"type\":\"string\",\"format\":\"date\"}"));
    assertEquals(DataTypes.DateType, type(wellKnown("Date")));
  }

  @Test
  void timestampWithTimezone() {
    assertEquals(DataTypes.TimestampType, type("{\"type\":\"string\",\"format\":\"date-time\"}"));
    assertEquals(DataTypes.TimestampType, type("{\"type\":\"string\",\"airbyte_type\":\"timestamp_with_timezone\"}"));
    assertEquals(DataTypes.TimestampType,
        type("{\"type\":\"string\",\"format\":\"date-time\",\"airbyte_type\":\"timestamp_with_timezone\"}"));
    assertEquals(DataTypes.TimestampType, type(wellKnown("TimestampWithTimezone")));
  }

  @Test
  void timestampWithoutTimezone() {
    assertEquals(DataTypes.TimestampNTZType, type("{\"type\":\"string\",\"airbyte_type\":\"timestamp_without_timezone\"}"));
    assertEquals(DataTypes.TimestampNTZType,
        type("{\"type\":\"string\",\"format\":\"date-time\",\"airbyte_type\":\"timestamp_without_timezone\"}"));
    assertEquals(DataTypes.TimestampNTZType, type(wellKnown("TimestampWithoutTimezone")));
  }

  @Test
  void timesAreStrings() {
    assertEquals(STRING, type("{\"type\":\"string\",\"format\":\"time\"}"));
    assertEquals(STRING, type("{\"type\":\"string\",\"format\":\"time\",\"airbyte_type\":\"time_with_timezone\"}"));
    assertEquals(STRING, type("{\"type\":\"string\",\"format\":\"time\",\"airbyte_type\":\"time_without_timezone\"}"));
    assertEquals(STRING, type(wellKnown("TimeWithTimezone")));
    assertEquals(STRING, type(wellKnown("TimeWithoutTimezone")));
  }

  @Test
  void integer() {
    assertEquals(DataTypes.LongType, type("{\"type\":\"integer\"}"));
    assertEquals(DataTypes.LongType, type("{\"type\":\"integer\",\"minimum\":0}", NumberType.DOUBLE, NestedMode.JSON));
    assertEquals(DataTypes.LongType, type(wellKnown("Integer")));
  }

  @Test
  void numberIsDecimalOrDouble() {
    assertEquals(DECIMAL, type("{\"type\":\"number\"}"));
    assertEquals(DECIMAL, type(wellKnown("Number")));
    assertEquals(DataTypes.DoubleType, type("{\"type\":\"number\"}", NumberType.DOUBLE, NestedMode.STRUCT));
    assertEquals(DataTypes.DoubleType, type(wellKnown("Number"), NumberType.DOUBLE, NestedMode.STRUCT));
    assertEquals(DataTypes.DoubleType, type("{\"type\":[\"null\",\"number\"]}", NumberType.DOUBLE, NestedMode.STRUCT));
  }

  @Test
  void airbyteIntegerAndBigInteger() {
    assertEquals(DataTypes.LongType, type("{\"type\":\"number\",\"airbyte_type\":\"integer\"}"));
    assertEquals(DataTypes.LongType, type("{\"type\":\"number\",\"airbyte_type\":\"integer\"}", NumberType.DOUBLE, NestedMode.STRUCT));
    assertEquals(DataTypes.LongType, type("{\"type\":\"string\",\"airbyte_type\":\"integer\"}"));
    DataType big = DataTypes.createDecimalType(38, 0);
    assertEquals(big, type("{\"type\":\"string\",\"airbyte_type\":\"big_integer\"}"));
    assertEquals(big, type("{\"type\":\"integer\",\"airbyte_type\":\"big_integer\"}"));
    assertEquals(big, type("{\"type\":\"number\",\"airbyte_type\":\"big_integer\"}", NumberType.DOUBLE, NestedMode.STRUCT));
  }

  @Test
  void base64StringsAreBinary() {
    assertEquals(DataTypes.BinaryType, type("{\"type\":\"string\",\"contentEncoding\":\"base64\"}"));
    assertEquals(DataTypes.BinaryType, type(wellKnown("BinaryData")));
    assertEquals(STRING, type("{\"type\":\"string\",\"contentEncoding\":\"7bit\"}"));
  }

  @Test
  void booleanType() {
    assertEquals(DataTypes.BooleanType, type("{\"type\":\"boolean\"}"));
    assertEquals(DataTypes.BooleanType, type(wellKnown("Boolean")));
  }

  @Test
  void objectsWithPropertiesAreStructsOrJsonText() {
    String schema = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
        + "\"address\":{\"type\":[\"null\",\"object\"],\"properties\":{\"city\":{\"type\":\"string\"},"
        + "\"geo\":{\"type\":\"object\",\"properties\":{\"lat\":{\"type\":\"number\"}}}}}}}";
    StructType expected = new StructType()
        .add("id", DataTypes.LongType)
        .add("address", new StructType()
            .add("city", STRING)
            .add("geo", new StructType().add("lat", DECIMAL)));
    assertEquals(expected, type(schema));
    assertEquals(STRING, type(schema, NumberType.DECIMAL, NestedMode.JSON));
    assertEquals(new StructType().add("n", DataTypes.LongType),
        type("{\"properties\":{\"n\":{\"type\":\"integer\"}}}"), "properties alone make an object");
  }

  @Test
  void objectsWithoutPropertiesAreJsonText() {
    assertEquals(STRING, type("{\"type\":\"object\"}"));
    assertEquals(STRING, type("{\"type\":\"object\",\"properties\":{}}"));
    assertEquals(STRING, type("{\"type\":[\"null\",\"object\"],\"additionalProperties\":true}"));
  }

  @Test
  void realUnionsAreJsonText() {
    assertEquals(STRING, type("{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}"));
    assertEquals(STRING, type("{\"anyOf\":[{\"type\":\"null\"},{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}},"
        + "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}]}"));
    assertEquals(STRING, type("{\"type\":\"string\",\"oneOf\":[{\"pattern\":\"-?\\\\d+\"},{\"enum\":[\"NaN\"]}]}"));
  }

  @Test
  void multiTypeUnionsAreJsonText() {
    assertEquals(STRING, type("{\"type\":[\"string\",\"integer\"]}"));
    assertEquals(STRING, type("{\"type\":[\"null\",\"boolean\",\"object\"]}"));
    assertEquals(STRING, type("{\"type\":[\"array\",\"object\"],\"items\":{\"type\":\"string\"}}"));
  }

  @Test
  void integerOrNumberIsANumber() {
    assertEquals(DECIMAL, type("{\"type\":[\"integer\",\"number\"]}"));
    assertEquals(DECIMAL, type("{\"type\":[\"null\",\"number\",\"integer\"]}"));
    assertEquals(DataTypes.DoubleType, type("{\"type\":[\"integer\",\"number\"]}", NumberType.DOUBLE, NestedMode.STRUCT));
  }

  @Test
  void nullUnionsAreNullableX() {
    assertEquals(DataTypes.LongType, type("{\"type\":[\"null\",\"integer\"]}"));
    assertEquals(DataTypes.DateType, type("{\"type\":[\"string\",\"null\"],\"format\":\"date\"}"));
    assertEquals(DataTypes.TimestampType, type("{\"anyOf\":[{\"type\":\"null\"},{\"type\":\"string\",\"format\":\"date-time\"}]}"));
    assertEquals(DataTypes.LongType, type("{\"oneOf\":[{\"type\":\"null\"},{\"$ref\":\"WellKnownTypes.json#/definitions/Integer\"}]}"));
    assertEquals(DataTypes.BooleanType, type("{\"anyOf\":[{\"type\":[\"null\"]},{\"type\":\"boolean\"}]}"));
    assertEquals(new StructType().add("a", STRING),
        type("{\"oneOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}},{\"type\":\"null\"}]}"));
    assertEquals(STRING, type("{\"type\":\"null\"}"));
    assertEquals(STRING, type("{}"));
    assertEquals(STRING, type("{\"type\":\"mystery\"}"));
  }

  @Test
  void typedArraysAreArrays() {
    assertEquals(DataTypes.createArrayType(DataTypes.LongType, true), type("{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}"));
    assertEquals(DataTypes.createArrayType(DataTypes.DateType, true), type("{\"type\":[\"null\",\"array\"],\"items\":"
        + "{\"$ref\":\"WellKnownTypes.json#/definitions/Date\"}}"));
    assertEquals(DataTypes.createArrayType(new StructType().add("v", DataTypes.BooleanType), true),
        type("{\"type\":\"array\",\"items\":{\"type\":[\"null\",\"object\"],\"properties\":{\"v\":{\"type\":\"boolean\"}}}}"));
    assertEquals(DataTypes.createArrayType(DataTypes.createArrayType(DECIMAL, true), true),
        type("{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":{\"type\":\"number\"}}}"));
    assertEquals(DataTypes.createArrayType(STRING, true), type("{\"type\":\"array\",\"items\":{\"type\":\"object\"}}"));
    assertEquals(DataTypes.createArrayType(DataTypes.LongType, true), type("{\"items\":{\"type\":\"integer\"}}"));
  }

  @Test
  void arraysWithoutTypedItemsAreJsonText() {
    assertEquals(STRING, type("{\"type\":\"array\"}"));
    assertEquals(STRING, type("{\"type\":\"array\",\"items\":{}}"));
    assertEquals(STRING, type("{\"type\":\"array\",\"items\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}"));
  }

  @Test
  void nestedJsonMakesEveryObjectAndArrayText() {
    String schema = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
        + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
        + "\"o\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}}},"
        + "\"when\":{\"type\":\"string\",\"format\":\"date-time\"}}}";
    assertEquals(new StructType().add("id", DataTypes.LongType).add("tags", STRING).add("o", STRING).add("when", DataTypes.TimestampType),
        struct(schema, NumberType.DECIMAL, NestedMode.JSON));
  }

  @Test
  void localDefinitionsAreResolved() {
    String schema = "{\"type\":\"object\",\"definitions\":{\"money\":{\"type\":\"number\"},"
        + "\"address\":{\"type\":\"object\",\"properties\":{\"zip\":{\"$ref\":\"#/definitions/zip\"}}},"
        + "\"zip\":{\"type\":\"string\"},\"day\":{\"$ref\":\"WellKnownTypes.json#/definitions/Date\"}},"
        + "\"properties\":{\"price\":{\"$ref\":\"#/definitions/money\"},\"home\":{\"$ref\":\"#/definitions/address\"},"
        + "\"days\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/definitions/day\"}},\"lost\":{\"$ref\":\"#/definitions/nowhere\"},"
        + "\"remote\":{\"$ref\":\"https://example.com/schema.json\"}}}";
    StructType expected = new StructType()
        .add("price", DataTypes.DoubleType)
        .add("home", new StructType().add("zip", STRING))
        .add("days", DataTypes.createArrayType(DataTypes.DateType, true))
        .add("lost", STRING)
        .add("remote", STRING);
    assertEquals(expected, struct(schema, NumberType.DOUBLE, NestedMode.STRUCT));
  }

  @Test
  void recursiveDefinitionsEnd() {
    String schema = "{\"definitions\":{\"node\":{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"integer\"},"
        + "\"next\":{\"$ref\":\"#/definitions/node\"}}}},\"properties\":{\"list\":{\"$ref\":\"#/definitions/node\"}}}";
    DataType type = struct(schema, NumberType.DECIMAL, NestedMode.STRUCT).apply("list").dataType();
    int depth = 0;
    while (type instanceof StructType node && node.apply("next").dataType() instanceof StructType) {
      assertEquals(DataTypes.LongType, node.apply("v").dataType());
      type = node.apply("next").dataType();
      depth++;
    }
    // At the depth limit whatever is left is JSON text.
    assertEquals(new StructType().add("v", STRING).add("next", STRING), type);
    assertTrue(depth > 5 && depth <= 64, "depth " + depth);
  }

  @Test
  void aWholeStreamSchemaKeepsPropertyOrder() {
    String schema = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\",\"additionalProperties\":true,"
        + "\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":[\"null\",\"string\"]},"
        + "\"updated_at\":{\"type\":\"string\",\"format\":\"date-time\",\"airbyte_type\":\"timestamp_with_timezone\"},"
        + "\"birthday\":{\"$ref\":\"WellKnownTypes.json#/definitions/Date\"},\"score\":{\"type\":[\"null\",\"number\"]},"
        + "\"local\":{\"$ref\":\"WellKnownTypes.json#/definitions/TimestampWithoutTimezone\"},"
        + "\"photo\":{\"$ref\":\"WellKnownTypes.json#/definitions/BinaryData\"},\"active\":{\"type\":\"boolean\"},"
        + "\"extra\":{\"type\":\"object\"},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}";
    assertEquals(
        StructType.fromDDL("id BIGINT, name STRING, updated_at TIMESTAMP, birthday DATE, score DECIMAL(38,10), "
            + "local TIMESTAMP_NTZ, photo BINARY, active BOOLEAN, extra STRING, tags ARRAY<STRING>"),
        struct(schema, NumberType.DECIMAL, NestedMode.STRUCT));
    assertEquals(new StructType(), struct("{\"type\":\"object\"}", NumberType.DECIMAL, NestedMode.STRUCT));
  }

  @Test
  void everyColumnIsNullableEvenWhenRequired() {
    StructType struct = struct("{\"type\":\"object\",\"required\":[\"id\",\"o\"],\"properties\":{\"id\":{\"type\":\"integer\"},"
        + "\"o\":{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}}}}}",
        NumberType.DECIMAL, NestedMode.STRUCT);
    assertTrue(struct.apply("id").nullable());
    StructType o = assertInstanceOf(StructType.class, struct.apply("o").dataType());
    assertTrue(o.apply("a").nullable());
    assertTrue(((ArrayType) o.apply("a").dataType()).containsNull());
  }

  @Test
  void propertiesThatDifferOnlyInCaseBecomeDistinctColumnsAtAnyDepth() {
    StructType struct = struct("{\"properties\":{\"id\":{\"type\":\"integer\"},\"ID\":{\"type\":\"string\"},"
        + "\"o\":{\"type\":\"object\",\"properties\":{\"k\":{\"type\":\"string\"},\"K\":{\"type\":\"integer\"}}}}}",
        NumberType.DECIMAL, NestedMode.STRUCT);
    assertEquals(StructType.fromDDL("id BIGINT, ID_384397 STRING, o STRUCT<k: STRING, K_86be9a: BIGINT>").toDDL(),
        struct.toDDL());
    assertEquals("ID", struct.apply("ID_384397").metadata().getString(ColumnNames.PROPERTY));
    StructType o = (StructType) struct.apply("o").dataType();
    assertEquals("K", o.apply("K_86be9a").metadata().getString(ColumnNames.PROPERTY));
    assertTrue(!struct.apply("id").metadata().contains(ColumnNames.PROPERTY), "a kept name has no metadata");
  }
}
