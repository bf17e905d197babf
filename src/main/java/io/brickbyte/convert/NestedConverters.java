package io.brickbyte.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.brickbyte.schema.ColumnNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/** Structs, arrays and maps: each value is a new Catalyst object, as arrays may hold many. */
final class NestedConverters {

  private NestedConverters() {}

  /** An object with declared properties; undeclared properties are skipped. */
  static final class StructConverter extends ValueConverter {
    private final FieldLookup fieldLookup;
    private final ValueConverter[] fields;
    private final String typeName;

    StructConverter(StructType struct, String path) {
      super(path);
      StructField[] structFields = struct.fields();
      this.fields = new ValueConverter[structFields.length];
      this.fieldLookup = new FieldLookup(ColumnNames.propertiesOf(struct));
      for (int i = 0; i < structFields.length; i++) {
        String name = structFields[i].name();
        fields[i] = forType(structFields[i].dataType(), path + "." + name);
      }
      this.typeName = struct.simpleString();
    }

    @Override
    Object read(JsonParser parser, Conversion conversion) throws IOException {
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        return invalid(parser);
      }
      GenericInternalRow row = new GenericInternalRow(fields.length);
      int position = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        int ordinal = fieldLookup.ordinal(parser.currentName(), position++);
        JsonToken token = parser.nextToken();
        if (ordinal == FieldLookup.NOT_A_FIELD) {
          parser.skipChildren();
        } else if (token != JsonToken.VALUE_NULL) {
          ValueConverter field = fields[ordinal];
          if (!field.write(parser, conversion, row, ordinal)) {
            conversion.nulled(field.path, field.expected(), token);
          }
        }
      }
      return row;
    }

    @Override
    String expected() {
      return typeName.toUpperCase();
    }
  }

  static final class ArrayConverter extends ValueConverter {
    private final ValueConverter element;
    private final String typeName;

    ArrayConverter(ArrayType type, String path) {
      super(path);
      this.element = forType(type.elementType(), path + "[]");
      this.typeName = type.simpleString();
    }

    @Override
    Object read(JsonParser parser, Conversion conversion) throws IOException {
      if (parser.currentToken() != JsonToken.START_ARRAY) {
        return invalid(parser);
      }
      List<Object> values = new ArrayList<>();
      conversion.enterArray();
      try {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
          conversion.arrayIndex(values.size());
          Object value = token == JsonToken.VALUE_NULL ? null : element.read(parser, conversion);
          if (value == INVALID) {
            conversion.nulled(element.path, element.expected(), token);
            value = null;
          }
          values.add(value);
        }
      } finally {
        conversion.exitArray();
      }
      return new GenericArrayData(values.toArray());
    }

    @Override
    String expected() {
      return typeName.toUpperCase();
    }
  }

  /** A free-form object as MAP&lt;STRING, V&gt; (user-given schemas only). */
  static final class MapConverter extends ValueConverter {
    private final ValueConverter value;
    private final String typeName;

    MapConverter(MapType type, String path) {
      super(path);
      this.value = forType(type.valueType(), path + ".value");
      this.typeName = type.simpleString();
    }

    @Override
    Object read(JsonParser parser, Conversion conversion) throws IOException {
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        return invalid(parser);
      }
      List<Object> keys = new ArrayList<>();
      List<Object> values = new ArrayList<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        JsonToken token = parser.nextToken();
        Object converted = token == JsonToken.VALUE_NULL ? null : value.read(parser, conversion);
        if (converted == INVALID) {
          conversion.nulled(path + "." + key, value.expected(), token);
          converted = null;
        }
        keys.add(UTF8String.fromString(key));
        values.add(converted);
      }
      return new ArrayBasedMapData(
          new GenericArrayData(keys.toArray()), new GenericArrayData(values.toArray()));
    }

    @Override
    String expected() {
      return typeName.toUpperCase();
    }
  }
}
