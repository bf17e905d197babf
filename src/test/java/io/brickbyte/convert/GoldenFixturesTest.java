package io.brickbyte.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.convert.GoldenFixtures.FixtureFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden fixture through the JVM's real path: schema cases through {@code JsonSchemaMapper}
 * and {@code AirbyteColumns}, record cases through the message reader and {@code RecordConverter}
 * (both its byte fast path and its parser path), as a read uses them. The Python source's suite
 * reads the same files (python-shim/tests-pyspark4/test_golden.py).
 *
 * <p>With {@code -Dbrickbyte.golden.write=true} the expected outcomes are written into the files
 * from what the JVM gives, instead of checked: review the diff before committing it.
 */
class GoldenFixturesTest {

  private static final boolean WRITE = Boolean.getBoolean("brickbyte.golden.write");

  @TestFactory
  List<DynamicTest> schemaCases() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (FixtureFile file : GoldenFixtures.files("schema")) {
      for (ObjectNode testCase : file.cases()) {
        ObjectNode outcome = GoldenFixtures.schemaOutcome(testCase);
        if (WRITE) {
          testCase.set("expected", outcome);
          continue;
        }
        tests.add(DynamicTest.dynamicTest(name(file, testCase), () -> {
          JsonNode expected = testCase.get("expected");
          if (expected.has("error")) {
            assertEquals(expected.get("error"), outcome.get("error"));
          } else {
            // As Spark reads the fixture's schema, so that it is a schema Spark reads.
            DataType expectedType = DataType.fromJson(expected.get("sparkSchema").toString());
            assertEquals(expectedType.json(), outcome.path("sparkSchema").toString());
          }
        }));
      }
      if (WRITE) {
        file.write();
      }
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> recordCases() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (FixtureFile file : GoldenFixtures.files("records")) {
      for (ObjectNode testCase : file.cases()) {
        if (WRITE) {
          ObjectNode outcome = GoldenFixtures.recordOutcome(testCase, true);
          assertEquals(outcome, GoldenFixtures.recordOutcome(testCase, false),
              name(file, testCase) + ": the JVM's two paths disagree");
          testCase.set("expected", outcome);
          continue;
        }
        for (boolean bytePath : new boolean[] {true, false}) {
          tests.add(DynamicTest.dynamicTest(name(file, testCase) + (bytePath ? " (bytes)" : " (parser)"),
              () -> assertOutcome(testCase.get("expected"), GoldenFixtures.recordOutcome(testCase, bytePath))));
        }
      }
      if (WRITE) {
        file.write();
      }
    }
    return tests;
  }

  /** The fixtures are worth reading: every case named uniquely and described. */
  @Test
  void everyCaseIsNamedOnceAndDescribed() throws IOException {
    Set<String> names = new HashSet<>();
    int count = 0;
    for (String kind : List.of("schema", "records")) {
      for (FixtureFile file : GoldenFixtures.files(kind)) {
        for (ObjectNode testCase : file.cases()) {
          count++;
          assertTrue(names.add(testCase.path("name").asText()), "duplicate case " + testCase.path("name"));
          assertFalse(testCase.path("description").asText().isBlank(), name(file, testCase) + " needs a description");
          assertTrue(WRITE || testCase.has("expected"), name(file, testCase) + " has no expected outcome");
        }
      }
    }
    assertTrue(count > 50, "the golden fixtures were found: " + count);
  }

  private static void assertOutcome(JsonNode expected, ObjectNode actual) {
    if (expected.has("error")) {
      assertEquals(expected.get("error").asText(), actual.path("error").asText(null));
      return;
    }
    assertEquals(null, actual.get("error"), "no error expected");
    assertEquals(expected.get("dropped"), actual.get("dropped"), "dropped records");
    JsonNode rows = actual.get("rows");
    assertEquals(expected.get("rows").size(), rows.size(), "rows");
    for (int i = 0; i < rows.size(); i++) {
      JsonNode want = expected.get("rows").get(i);
      ObjectNode got = (ObjectNode) rows.get(i).deepCopy();
      assertTrue(got.path("rawIdIsUuid4").asBoolean(), "row " + i + ": _airbyte_raw_id is a UUID v4");
      assertEquals(want.get("extractedAt"), got.get("extractedAt"), "row " + i + ": _airbyte_extracted_at");
      assertEquals(want.get("changes"), got.get("changes"), "row " + i + ": _airbyte_meta.changes");
      assertEquals(want.get("syncId"), got.get("syncId"), "row " + i + ": _airbyte_meta.sync_id");
      assertEquals(want.get("values"), got.get("values"), "row " + i + ": values");
    }
  }

  private static String name(FixtureFile file, ObjectNode testCase) {
    return file.path().getFileName() + ": " + testCase.path("name").asText();
  }
}
