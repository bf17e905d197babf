package io.brickbyte.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteDataException;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The column naming rule, without Spark. */
class ColumnNamesTest {

  @Test
  void theSuffixIsTheStartOfTheNamesSha256() {
    // python3 -c "import hashlib; print(hashlib.sha256(b'ID').hexdigest()[:6])"
    assertEquals("_384397", NameSuffix.of("ID"));
    assertEquals("_349066", NameSuffix.of("DupCase"));
  }

  @Test
  void propertiesThatDifferOnlyInCaseGetDistinctNamesWhateverTheirOrder() {
    assertEquals(List.of("id", "ID_384397"), ColumnNames.of(List.of("id", "ID")));
    assertEquals(List.of("ID_384397", "id"), ColumnNames.of(List.of("ID", "id")));
    assertEquals(List.of("Id_12156e", "ID_384397"), ColumnNames.of(List.of("Id", "ID")),
        "with no lower-case spelling, every one is suffixed");
  }

  @Test
  void namesWithoutCollisionAreKeptAsTheSourceWritesThem() {
    List<String> odd = List.of("Name", "with space", "ünïcode", "a.b");
    assertEquals(odd, ColumnNames.of(odd));
  }

  @Test
  void aCollisionTheSuffixCannotSolveIsRefusedNamingBoth() {
    AirbyteDataException e = assertThrows(AirbyteDataException.class,
        () -> ColumnNames.of(List.of("id", "ID_384397", "ID")));
    assertTrue(e.getMessage().contains("'ID_384397' and 'ID'"), e.getMessage());
  }

  @Test
  void renamesAndKeyPathsFollowThePropertyInTheMetadata() {
    StructType inner = new StructType(new org.apache.spark.sql.types.StructField[] {
        ColumnNames.field("k", "k", DataTypes.StringType),
        ColumnNames.field("K", "K_86be9a", DataTypes.StringType)});
    StructType struct = new StructType(new org.apache.spark.sql.types.StructField[] {
        ColumnNames.field("ID", "ID_384397", DataTypes.LongType),
        ColumnNames.field("o", "o", DataTypes.createArrayType(inner))});
    assertEquals(List.of("ID -> ID_384397", "o[].K -> o[].K_86be9a"), ColumnNames.renames(struct));
    assertEquals("ID_384397", ColumnNames.columnPath(struct, List.of("ID")));
    assertEquals("missing", ColumnNames.columnPath(struct, List.of("missing")));
    assertEquals("K", ColumnNames.propertyOf(inner.fields()[1]));
  }

  @Test
  void aTablesColumnsTakeThePropertiesOfTheDiscoveredOnes() {
    StructType table = StructType.fromDDL("id BIGINT, ID_384397 STRING, o ARRAY<STRUCT<K_86be9a: STRING>>, gone INT");
    StructType discovered = new StructType(new org.apache.spark.sql.types.StructField[] {
        ColumnNames.field("ID", "ID_384397", DataTypes.LongType),
        ColumnNames.field("o", "o", DataTypes.createArrayType(new StructType(new org.apache.spark.sql.types.StructField[] {
            ColumnNames.field("K", "K_86be9a", DataTypes.StringType)})))});
    StructType carried = (StructType) ColumnNames.withProperties(table, discovered);
    assertEquals(table.toDDL(), carried.toDDL(), "the table's names and types");
    assertEquals(List.of("ID -> ID_384397", "o[].K -> o[].K_86be9a"), ColumnNames.renames(carried));
  }
}
