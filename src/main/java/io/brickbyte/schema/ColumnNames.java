package io.brickbyte.schema;

import io.brickbyte.AirbyteDataException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Column names for a source's properties. Spark and Delta resolve columns ignoring case, so
 * properties that differ only in case ({@code id}, {@code ID}) would be one column: where several
 * do, the one spelled all in lower case keeps its name and each other gets {@link NameSuffix}
 * ({@code ID_4d5e6f}). A renamed column names the property it holds in its metadata, {@link
 * #PROPERTY}, which the converters read, so the schema itself carries the rename.
 */
public final class ColumnNames {

  /** Metadata key of a renamed column: the JSON property it holds. */
  public static final String PROPERTY = "airbyte.property";

  private ColumnNames() {}

  /** The column name of each property, in order; throws if a collision is left. */
  public static List<String> of(List<String> properties) {
    Map<String, Integer> sameIgnoringCase = new HashMap<>();
    for (String property : properties) {
      sameIgnoringCase.merge(lower(property), 1, Integer::sum);
    }
    List<String> names = new ArrayList<>();
    Map<String, String> taken = new HashMap<>();
    for (String property : properties) {
      boolean keeps = sameIgnoringCase.get(lower(property)) == 1 || property.equals(lower(property));
      String name = keeps ? property : property + NameSuffix.of(property);
      String other = taken.putIfAbsent(lower(name), property);
      if (other != null) {
        throw new AirbyteDataException("Properties '" + other + "' and '" + property + "' would "
            + "both be column '" + name + "' (Spark ignores case in column names); rename one "
            + "in the source");
      }
      names.add(name);
    }
    return names;
  }

  /** A column for {@code property}, named {@code name}: the rename, if any, in its metadata. */
  public static StructField field(String property, String name, DataType type) {
    Metadata metadata = property.equals(name) ? Metadata.empty()
        : new MetadataBuilder().putString(PROPERTY, property).build();
    return new StructField(name, type, true, metadata);
  }

  /** The JSON property a column holds. */
  public static String propertyOf(StructField field) {
    return field.metadata().contains(PROPERTY) ? field.metadata().getString(PROPERTY) : field.name();
  }

  /**
   * {@code table} with the properties of the {@code discovered} columns of the same names (ignoring
   * case), at any depth: the properties come from the source, not from what a table kept.
   */
  public static DataType withProperties(DataType table, DataType discovered) {
    if (table instanceof ArrayType t && discovered instanceof ArrayType d) {
      return new ArrayType(withProperties(t.elementType(), d.elementType()), t.containsNull());
    }
    if (!(table instanceof StructType t && discovered instanceof StructType d)) {
      return table;
    }
    Map<String, StructField> discoveredByName = new HashMap<>();
    for (StructField field : d.fields()) {
      discoveredByName.put(lower(field.name()), field);
    }
    StructField[] fields = t.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      StructField match = discoveredByName.get(lower(fields[i].name()));
      if (match != null) {
        MetadataBuilder metadata = new MetadataBuilder().withMetadata(fields[i].metadata()).remove(PROPERTY);
        if (match.metadata().contains(PROPERTY)) {
          metadata.putString(PROPERTY, match.metadata().getString(PROPERTY));
        }
        fields[i] = new StructField(fields[i].name(),
            withProperties(fields[i].dataType(), match.dataType()), fields[i].nullable(), metadata.build());
      }
    }
    return new StructType(fields);
  }

  /** The property names of a struct's fields, by ordinal. */
  public static String[] propertiesOf(StructType struct) {
    StructField[] fields = struct.fields();
    String[] properties = new String[fields.length];
    for (int i = 0; i < fields.length; i++) {
      properties[i] = propertyOf(fields[i]);
    }
    return properties;
  }

  /**
   * The dotted column path that holds a property path (a primary key, a cursor); a property with
   * no column stays as named.
   */
  public static String columnPath(StructType struct, List<String> propertyPath) {
    List<String> columns = new ArrayList<>();
    DataType level = struct;
    for (String property : propertyPath) {
      StructField found = null;
      if (level instanceof StructType fields) {
        for (StructField field : fields.fields()) {
          if (propertyOf(field).equals(property)) {
            found = field;
          }
        }
      }
      columns.add(found == null ? property : found.name());
      level = found == null ? null : found.dataType();
    }
    return String.join(".", columns);
  }

  /** Every renamed column at any depth, as {@code a.ID -> a.ID_4d5e6f} (array elements as {@code []}). */
  public static List<String> renames(StructType struct) {
    List<String> renames = new ArrayList<>();
    collectRenames(struct, "", "", renames);
    return renames;
  }

  private static void collectRenames(DataType type, String propertyPath, String columnPath,
      List<String> renames) {
    if (type instanceof ArrayType array) {
      collectRenames(array.elementType(), propertyPath + "[]", columnPath + "[]", renames);
    } else if (type instanceof StructType struct) {
      String dot = columnPath.isEmpty() ? "" : ".";
      for (StructField field : struct.fields()) {
        String property = propertyPath + dot + propertyOf(field);
        String column = columnPath + dot + field.name();
        if (!field.name().equals(propertyOf(field))) {
          renames.add(property + " -> " + column);
        }
        collectRenames(field.dataType(), property, column, renames);
      }
    }
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
