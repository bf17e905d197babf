package io.brickbyte.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.connector.ConnectorClient;
import io.brickbyte.connector.ConnectorConfig;
import io.brickbyte.connector.Connectors;
import io.brickbyte.connector.RunSettings;
import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.testing.TestConnectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing run with {@code cutBeforeFailure}: what its last state covered is cut, then it fails. */
class StagedRunFailureCutTest {

  private static final StreamDescriptor A = new StreamDescriptor("a", null);

  @TempDir Path temp;

  @Test
  void aFailingRunHandsOverWhatItsLastStateCoveredThenFails() {
    StagingWriter staging = new StagingWriter(temp.resolve("staged").toUri().toString(), 1 << 20, new Configuration());
    try (StagedRun run = start(staging, true)) {
      StagedRun.Cut cut = run.next();
      assertFalse(cut.last());
      assertEquals(6L, cut.segments().get(A).stream().mapToLong(s -> lines(s)).sum(),
          "records 1..6: the state after record 6 is the last before the failure at 8");
      assertEquals(1, cut.states().size());
      assertEquals(6, cut.states().get(0).json().path("stream").path("stream_state").path("cursor").asInt());
      AirbyteConnectorException failure = assertThrows(AirbyteConnectorException.class, run::next);
      assertTrue(failure.getMessage().contains("exited with code 1"), failure.getMessage());
    }
  }

  @Test
  void withoutItAFailingRunOnlyFails() {
    StagingWriter staging = new StagingWriter(temp.resolve("staged").toUri().toString(), 1 << 20, new Configuration());
    try (StagedRun run = start(staging, false)) {
      assertThrows(AirbyteConnectorException.class, run::next);
    }
  }

  private StagedRun start(StagingWriter staging, boolean cutBeforeFailure) {
    String records = IntStream.rangeClosed(1, 10).mapToObj(i -> "{\"ts\": " + i + "}")
        .collect(Collectors.joining(", ", "[", "]"));
    ConnectorConfig config = ConnectorConfig.parse("{\"streams\": {\"a\": {\"cursor\": \"ts\", "
        + "\"records\": " + records + "}}, \"state_every\": 3, \"fail_after\": 8}", "config");
    ConnectorClient client = new ConnectorClient(Connectors.parse(TestConnectors.syncSourceOption()),
        new RunSettings(Duration.ofMinutes(1), temp.toString()));
    ConfiguredStream stream = new ConfiguredStream(client.discover(config).find("a", null).orElseThrow(),
        SyncMode.INCREMENTAL, List.of("ts"), List.of());
    return new StagedRun(client.read(config, new ConfiguredCatalog(List.of(stream)), null,
        RecordDecoder.LINES, () -> false), staging, Set.of(A), Set.of(), null,
        new StagedRun.CutPolicy(Long.MAX_VALUE, Duration.ofDays(1), cutBeforeFailure), newConfig -> {});
  }

  private static long lines(StagedSegment segment) {
    try {
      byte[] bytes = Files.readAllBytes(Path.of(URI.create(segment.file())));
      long count = 0;
      for (long i = segment.start(); i < segment.end(); i++) {
        count += bytes[(int) i] == '\n' ? 1 : 0;
      }
      return count;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
