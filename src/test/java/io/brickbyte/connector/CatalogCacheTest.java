package io.brickbyte.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.brickbyte.protocol.Json;
import io.brickbyte.testing.TestConnectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache against the real test connector, on a clock the test moves. */
class CatalogCacheTest {

  @TempDir Path tmp;

  private final AtomicLong clock = new AtomicLong();

  private ConnectorClient client() {
    return client(Connectors.parse(TestConnectors.testSourceOption()));
  }

  private ConnectorClient client(Connector connector) {
    return new ConnectorClient(connector, new RunSettings(Duration.ofMinutes(1), tmp.toString()));
  }

  private ConnectorConfig config(String extra) {
    return ConnectorConfig.parse("{\"discover_count_file\": " + Json.MAPPER.valueToTree(counter().toString())
        + extra + "}", "config");
  }

  private Path counter() {
    return tmp.resolve("discovers.txt");
  }

  private long discovers() throws IOException {
    return Files.exists(counter()) ? Files.readAllLines(counter()).size() : 0;
  }

  @Test
  void reusesAnEntryYoungerThanTheTtlOnly() throws IOException {
    CatalogCache cache = new CatalogCache(8, clock::get);
    CatalogReuse reuse = new CatalogReuse(Duration.ofSeconds(60), false);
    ConnectorConfig config = config("");

    cache.discover(client(), config, reuse);
    clock.addAndGet(Duration.ofSeconds(59).toNanos());
    assertEquals(List.of("users", "types", "wide", "large", "generated"),
        cache.discover(client(), config, reuse).streams().stream().map(s -> s.name()).toList());
    assertEquals(1, discovers());

    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    cache.discover(client(), config, reuse);
    assertEquals(2, discovers(), "60 s old: expired");
    cache.discover(client(), config, reuse);
    assertEquals(2, discovers(), "the new answer is kept");
  }

  @Test
  void aChangedConfigOrConnectorSetupDiscoversAgain() throws IOException {
    CatalogCache cache = new CatalogCache(8, clock::get);
    cache.discover(client(), config(""), CatalogReuse.DEFAULT);
    cache.discover(client(), config(", \"count\": 3"), CatalogReuse.DEFAULT);
    assertEquals(2, discovers());

    // The same command under other install settings (customComponents) is another setup.
    InstallSettings custom = new InstallSettings(null, null, null, null, List.of(), List.of(),
        InstallSettings.Installer.AUTO, null, null, true);
    Connector manifest = Connectors.parse("manifest:" + tmp.resolve("m.yaml"), InstallSettings.defaults());
    Connector manifestCustom = Connectors.parse("manifest:" + tmp.resolve("m.yaml"), custom);
    RunSettings run = new RunSettings(Duration.ofMinutes(1), tmp.toString());
    assertNotEquals(CatalogKey.of(manifest, run, config("")).setupDigest(),
        CatalogKey.of(manifestCustom, run, config("")).setupDigest());
    assertEquals(CatalogKey.of(manifest, run, config("")),
        CatalogKey.of(Connectors.parse("manifest:" + tmp.resolve("m.yaml"), InstallSettings.defaults()),
            run, config("")));
  }

  @Test
  void aScriptEditedInPlaceIsDiscoveredAgain() throws IOException {
    Path script = Files.copy(TestConnectors.testSource(), tmp.resolve("source.py"));
    ConnectorClient client = client(Connectors.parse("exec:python3 " + script));
    CatalogCache cache = new CatalogCache(8, clock::get);
    cache.discover(client, config(""), CatalogReuse.DEFAULT);
    cache.discover(client, config(""), CatalogReuse.DEFAULT);
    assertEquals(1, discovers());

    Files.writeString(script, "\n# edited\n", java.nio.file.StandardOpenOption.APPEND);
    cache.discover(client, config(""), CatalogReuse.DEFAULT);
    assertEquals(2, discovers(), "an edited script may answer otherwise");
  }

  @Test
  void refreshDiscoversAndKeepsTheAnswer() throws IOException {
    CatalogCache cache = new CatalogCache(8, clock::get);
    cache.discover(client(), config(""), CatalogReuse.DEFAULT);
    cache.discover(client(), config(""), new CatalogReuse(CatalogReuse.DEFAULT_TTL, true));
    assertEquals(2, discovers());
    cache.discover(client(), config(""), CatalogReuse.DEFAULT);
    assertEquals(2, discovers());
  }

  @Test
  void ttlZeroNeitherReusesNorKeeps() throws IOException {
    CatalogCache cache = new CatalogCache(8, clock::get);
    cache.discover(client(), config(""), CatalogReuse.NEVER);
    cache.discover(client(), config(""), CatalogReuse.NEVER);
    assertEquals(2, discovers());
    assertEquals(0, cache.size());
  }

  @Test
  void keepsAtMostMaxEntriesDroppingTheLeastRecentlyUsed() throws IOException {
    CatalogCache cache = new CatalogCache(2, clock::get);
    cache.discover(client(), config(", \"count\": 1"), CatalogReuse.DEFAULT);
    cache.discover(client(), config(", \"count\": 2"), CatalogReuse.DEFAULT);
    cache.discover(client(), config(", \"count\": 1"), CatalogReuse.DEFAULT); // used: count 2 is eldest
    cache.discover(client(), config(", \"count\": 3"), CatalogReuse.DEFAULT);
    assertEquals(3, discovers());
    assertEquals(2, cache.size());
    cache.discover(client(), config(", \"count\": 1"), CatalogReuse.DEFAULT);
    assertEquals(3, discovers());
    cache.discover(client(), config(", \"count\": 2"), CatalogReuse.DEFAULT);
    assertEquals(4, discovers(), "dropped, so discovered again");
  }

  @Test
  void theKeyHoldsADigestOfTheConfigNeverTheConfig() throws Exception {
    String secret = "hunter2-catalog-secret";
    ConnectorConfig config = ConnectorConfig.parse("{\"password\": \"" + secret + "\"}", "config");
    CatalogKey key = CatalogKey.of(client().connector(), client().settings(), config);

    byte[] expected = MessageDigest.getInstance("SHA-256")
        .digest(config.json().getBytes(StandardCharsets.UTF_8));
    assertEquals(HexFormat.of().formatHex(expected), key.configDigest());
    for (String part : List.of(key.connector(), key.setupDigest(), key.configDigest(), key.toString())) {
      assertFalse(part.contains(secret), part);
    }
  }

  @Test
  void callersGetCatalogsOfTheirOwn() {
    CatalogCache cache = new CatalogCache(8, clock::get);
    cache.discover(client(), config(""), CatalogReuse.DEFAULT).streams().get(0).json().put("name", "changed");
    assertEquals("users", cache.discover(client(), config(""), CatalogReuse.DEFAULT).streams().get(0).name());
  }
}
