package io.brickbyte.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.connector.ConnectorClient;
import io.brickbyte.connector.ConnectorConfig;
import io.brickbyte.connector.Connectors;
import io.brickbyte.connector.RunSettings;
import io.brickbyte.protocol.AirbyteCatalog;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.testing.TestConnectors;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staging engine on its own: a real connector, real files, no Spark. */
class StagedRunTest {

  private static final StreamDescriptor A = new StreamDescriptor("a", null);
  private static final StreamDescriptor B = new StreamDescriptor("b", null);
  private static final Pattern TS = Pattern.compile("\"ts\": (\\d+)");

  @TempDir Path temp;

  /** Streams a and b with records ts 1..10 each, sent round-robin, a state every 3 of a stream. */
  private static String interleaved(String more) {
    String records = "[" + String.join(", ", java.util.stream.IntStream.rangeClosed(1, 10)
        .mapToObj(i -> "{\"ts\": " + i + "}").toList()) + "]";
    return "{\"streams\": {\"a\": {\"cursor\": \"ts\", \"records\": " + records + "}, "
        + "\"b\": {\"cursor\": \"ts\", \"records\": " + records + "}}, "
        + "\"interleave\": true, \"state_every\": 3" + more + "}";
  }

  private StagedRun start(String configJson, StagingWriter staging) {
    ConnectorClient client = new ConnectorClient(Connectors.parse(TestConnectors.syncSourceOption()),
        new RunSettings(Duration.ofMinutes(1), temp.toString()));
    ConnectorConfig config = ConnectorConfig.parse(configJson, "config");
    AirbyteCatalog catalog = client.discover(config);
    List<ConfiguredStream> streams = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      streams.add(new ConfiguredStream(catalog.find(name, null).orElseThrow(), SyncMode.INCREMENTAL,
          List.of("ts"), List.of()));
    }
    return new StagedRun(client.read(config, new ConfiguredCatalog(streams), null, RecordDecoder.LINES,
        () -> false), staging, Set.of(A, B), Set.of(), null, new StagedRun.CutPolicy(1, Duration.ofDays(1)),
        newConfig -> {});
  }

  /** The ts values of the records in the segments, in order. */
  private static List<Integer> records(List<StagedSegment> segments) throws IOException {
    List<Integer> values = new ArrayList<>();
    for (StagedSegment segment : segments) {
      try (RandomAccessFile file = new RandomAccessFile(Path.of(URI.create(segment.file())).toFile(), "r")) {
        byte[] bytes = new byte[(int) segment.length()];
        file.seek(segment.start());
        file.readFully(bytes);
        Matcher ts = TS.matcher(new String(bytes, StandardCharsets.UTF_8));
        while (ts.find()) {
          values.add(Integer.parseInt(ts.group(1)));
        }
      }
    }
    return values;
  }

  @Test
  void eachCutHandsOverPerStreamWhatItsOwnStatesCover() throws Exception {
    StagingWriter staging = new StagingWriter(temp.resolve("staged").toUri().toString(), 1 << 20, new Configuration());
    List<Integer> a = new ArrayList<>();
    List<Integer> b = new ArrayList<>();
    try (StagedRun run = start(interleaved(""), staging)) {
      StagedRun.Cut cut;
      do {
        cut = run.next();
        List<Integer> cutA = records(cut.segments().get(A));
        List<Integer> cutB = records(cut.segments().get(B));
        for (AirbyteMessage.State state : cut.states()) {
          int cursor = state.json().path("stream").path("stream_state").path("cursor").asInt();
          List<Integer> covered = state.stream().equals(A) ? cutA : cutB;
          assertEquals(cursor, covered.get(covered.size() - 1), "a cut's records end at its state: " + state.json());
        }
        if (!cut.last()) {
          assertTrue(cut.states().stream().map(AirbyteMessage.State::stream).toList().containsAll(
              cutA.isEmpty() ? List.of() : List.of(A)), "no records of a without a's state");
          assertTrue(cut.states().stream().map(AirbyteMessage.State::stream).toList().containsAll(
              cutB.isEmpty() ? List.of() : List.of(B)), "no records of b without b's state");
        }
        a.addAll(cutA);
        b.addAll(cutB);
      } while (!cut.last());
      assertEquals(10L, cut.recordsStaged().get(A));
    } finally {
      staging.delete();
    }
    List<Integer> all = java.util.stream.IntStream.rangeClosed(1, 10).boxed().toList();
    assertEquals(all, a, "every record of a once, in order");
    assertEquals(all, b, "every record of b once, in order");
  }

  @Test
  void anInBandFailureEndsTheCutsWithTheConnectorsMessage() {
    StagingWriter staging = new StagingWriter(temp.resolve("failing").toUri().toString(), 1 << 20, new Configuration());
    List<StagedRun.Cut> cuts = new ArrayList<>();
    try (StagedRun run = start(interleaved(
        ", \"in_band_failure\": {\"after\": 7, \"kind\": \"trace\", \"reset_cursor\": 0}"), staging)) {
      AirbyteConnectorException failure = assertThrows(AirbyteConnectorException.class, () -> {
        while (true) {
          cuts.add(run.next());
        }
      });
      assertTrue(failure.getMessage().contains("401 Unauthorized, bad token"), failure.getMessage());
    } finally {
      staging.delete();
    }
    assertTrue(cuts.stream().noneMatch(StagedRun.Cut::last));
    assertTrue(cuts.stream().flatMap(c -> c.states().stream())
        .noneMatch(s -> s.json().path("stream").path("stream_state").path("cursor").asInt() == 0),
        "the reset state after the failure is in no cut");
  }
}
