package io.brickbyte.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The columns Airbyte destinations add to every record, after the stream's own. */
public final class AirbyteColumns {

  public static final String RAW_ID = "_airbyte_raw_id";
  public static final String EXTRACTED_AT = "_airbyte_extracted_at";
  public static final String META = "_airbyte_meta";

  /** One entry of {@code _airbyte_meta.changes}: a field nulled or truncated, and why. */
  public static final StructType CHANGE =
      new StructType()
          .add("field", DataTypes.StringType)
          .add("change", DataTypes.StringType)
          .add("reason", DataTypes.StringType);

  public static final StructType META_TYPE =
      new StructType()
          .add("sync_id", DataTypes.LongType)
          .add("changes", DataTypes.createArrayType(CHANGE, false));

  public static final StructType SCHEMA =
      new StructType()
          .add(RAW_ID, DataTypes.StringType, false)
          .add(EXTRACTED_AT, DataTypes.TimestampType, false)
          .add(META, META_TYPE, false);

  private AirbyteColumns() {}

  public static boolean isAirbyteColumn(String name) {
    return RAW_ID.equals(name) || EXTRACTED_AT.equals(name) || META.equals(name);
  }

  /** The stream's columns followed by the Airbyte columns (any of them in {@code data} replaced). */
  public static StructType append(StructType data) {
    StructType out = new StructType();
    for (StructField field : data.fields()) {
      if (!isAirbyteColumn(field.name())) {
        out = out.add(field);
      }
    }
    for (StructField field : SCHEMA.fields()) {
      out = out.add(field);
    }
    return out;
  }
}
