package io.brickbyte.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.protocol.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * The bench's record set: a 20-column stream (strings, integers, numbers, timestamps, a date, a
 * struct, an array; ~690 bytes a record), generated once per size into a directory and reused.
 * Two files hold the same records: the connector's protocol output and the bare payloads that
 * Spark's JSON reader reads. The protocol output has a STATE every {@link #STATE_EVERY} records and
 * at its end, as incremental sources send them (a stream's batches are cut at states).
 *
 * <p>Values come in the forms real sources write them, in realistic proportions: floats at full
 * double precision as Python writes them ({@link PythonFloats}: computed prices and ratios,
 * coordinates; 3% of the ratios tiny, with an exponent; 1% of the prices past 1e16), all of which
 * DECIMAL(38,10) rounds; money as exact decimal text, 5% of it as strings; integers written as
 * floats ({@code 35.0}, 3%) or as strings (1%); 19-digit ids (30%) and 0.2% past BIGINT; a few
 * percent of nulls.
 */
final class BenchData {

  static final String STREAM = "bench_users";
  static final String PROTOCOL_FILE = "records.jsonl";
  static final String PAYLOAD_FILE = "payloads.jsonl";
  static final String CATALOG_FILE = "catalog.json";
  static final long STATE_EVERY = 20_000;
  /** Part of the directory's name: a change of what the files hold must not reuse older ones. */
  private static final int FORMAT = 3;

  private static final String[] COUNTRIES = {"DE", "FR", "US", "BR", "IN", "JP", "NG", "CA"};
  private static final String[] CITIES = {"Berlin", "Lyon", "Austin", "Recife", "Pune", "Osaka"};
  private static final String[] STATUSES = {"active", "trial", "churned", "paused"};
  private static final String[] PLANS = {"free", "starter", "team", "enterprise"};
  private static final String[] TAGS = {"vip", "beta", "eu", "newsletter", "partner", "sso"};
  private static final String[] WORDS = {
    "alpha", "delta", "north", "quiet", "river", "stone", "amber", "cloud", "maple", "orbit"
  };
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
  private static final long EPOCH_2020 = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();

  private final Path dir;
  private final long records;
  /** Whether 0.2% of account ids go past BIGINT; false for a reader that fails on them. */
  private final boolean pastBigint;

  BenchData(Path root, long records) {
    this(root, records, true);
  }

  private BenchData(Path root, long records, boolean pastBigint) {
    this.dir = root.resolve("records-" + records + "-v" + FORMAT + (pastBigint ? "" : "-bigint"));
    this.records = records;
    this.pastBigint = pastBigint;
  }

  /**
   * The same record set with every integer within BIGINT: for PyAirbyte, whose DuckDB cache fails
   * the whole read on one that is not.
   */
  static BenchData withinBigint(Path root, long records) {
    return new BenchData(root, records, false);
  }

  Path dir() {
    return dir;
  }

  Path protocolFile() {
    return dir.resolve(PROTOCOL_FILE);
  }

  Path payloadFile() {
    return dir.resolve(PAYLOAD_FILE);
  }

  long records() {
    return records;
  }

  /** The lines of the protocol file: its records and states. */
  long protocolLines() {
    return records + (records + STATE_EVERY - 1) / STATE_EVERY;
  }

  private static byte[] stateLine(long recordsSoFar) {
    return ("{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":"
        + "{\"name\":\"" + STREAM + "\"},\"stream_state\":{\"records\":" + recordsSoFar + "}}}}\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Writes the files unless an earlier run did (a marker is written last). */
  BenchData ensure() throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(CATALOG_FILE), catalogJson());
    Path done = dir.resolve("_COMPLETE");
    if (Files.exists(done)) {
      return this;
    }
    SplittableRandom random = new SplittableRandom(42);
    long emittedAt = 1_700_000_000_000L;
    try (OutputStream protocol = buffered(protocolFile());
        OutputStream payloads = buffered(payloadFile())) {
      StringBuilder data = new StringBuilder(1024);
      for (long i = 0; i < records; i++) {
        data.setLength(0);
        appendRecord(data, i, random, pastBigint);
        byte[] payload = data.toString().getBytes(StandardCharsets.UTF_8);
        payloads.write(payload);
        payloads.write('\n');
        protocol.write(("{\"type\":\"RECORD\",\"record\":{\"stream\":\"" + STREAM + "\",\"data\":")
            .getBytes(StandardCharsets.UTF_8));
        protocol.write(payload);
        protocol.write((",\"emitted_at\":" + (emittedAt + i / 1000) + "}}\n")
            .getBytes(StandardCharsets.UTF_8));
        if ((i + 1) % STATE_EVERY == 0 || i + 1 == records) {
          protocol.write(stateLine(i + 1));
        }
      }
    }
    // On disk before any run: the kernel writing gigabytes back would slow the first runs' writes.
    for (Path file : new Path[] {protocolFile(), payloadFile()}) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
    }
    Files.writeString(done, "");
    return this;
  }

  private static OutputStream buffered(Path file) throws IOException {
    return new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
  }

  private static void appendRecord(StringBuilder out, long id, SplittableRandom random,
      boolean pastBigint) {
    long created = EPOCH_2020 + random.nextLong(150_000_000L);
    int nanos = random.nextInt(1_000_000) * 1000;
    out.append("{\"id\":").append(id);
    out.append(",\"account_id\":").append(accountId(random, pastBigint));
    out.append(",\"first_name\":").append(quote(word(random) + "_" + random.nextInt(1000)));
    out.append(",\"last_name\":").append(quote(word(random) + word(random)));
    out.append(",\"email\":").append(quote("user" + id + "@" + word(random) + ".example.com"));
    out.append(",\"country\":").append(quote(pick(COUNTRIES, random)));
    out.append(",\"status\":").append(quote(pick(STATUSES, random)));
    out.append(",\"plan\":").append(quote(pick(PLANS, random)));
    int age = 18 + random.nextInt(70);
    out.append(",\"age\":").append(percent(random, 3) ? "null"
        : percent(random, 1) ? quote(Integer.toString(age)) : Integer.toString(age));
    int logins = random.nextInt(100_000);
    out.append(",\"logins\":").append(percent(random, 3) ? logins + ".0" : Integer.toString(logins));
    String balance = random.nextLong(10_000_000) + "." + String.format("%02d", random.nextInt(100));
    out.append(",\"balance\":").append(percent(random, 2) ? "null"
        : percent(random, 5) ? quote(balance) : balance);
    out.append(",\"score\":").append(percent(random, 1)
        ? PythonFloats.repr(random.nextDouble() * 1e17)
        : PythonFloats.repr(random.nextInt(1_000_000) / 100.0 * 1.19)); // a computed price
    out.append(",\"discount_rate\":").append(ratio(random));
    out.append(",\"created_at\":").append(quote(timestamp(created, nanos)));
    out.append(",\"updated_at\":")
        .append(quote(timestamp(created + random.nextLong(10_000_000L), nanos)));
    out.append(",\"birth_date\":")
        .append(quote(LocalDate.ofEpochDay(-10_000 + random.nextInt(15_000)).toString()));
    out.append(",\"verified\":").append(percent(random, 2) ? "null" : random.nextBoolean());
    out.append(",\"address\":{\"street\":").append(quote(random.nextInt(999) + " " + word(random)
        + " Street")).append(",\"city\":").append(quote(pick(CITIES, random)))
        .append(",\"zip\":").append(quote(String.format("%05d", random.nextInt(100_000))))
        .append(",\"lat\":").append(percent(random, 2) ? "null"
            : PythonFloats.repr(random.nextDouble() * 180 - 90)).append('}');
    out.append(",\"tags\":");
    if (percent(random, 2)) {
      out.append("null");
    } else {
      out.append('[');
      int tags = random.nextInt(4);
      for (int t = 0; t < tags; t++) {
        out.append(t == 0 ? "" : ",").append(quote(pick(TAGS, random)));
      }
      out.append(']');
    }
    out.append(",\"notes\":").append(quote(word(random) + " " + word(random) + " " + word(random)
        + " " + word(random) + " " + word(random) + " ünïcødé " + word(random) + " "
        + word(random) + " " + word(random) + " " + word(random)));
    out.append('}');
  }

  /**
   * Mostly ids up to 2^40; 30% 19-digit ids (Snowflake-style); 0.2% unsigned 64-bit ids past
   * BIGINT, which the read nulls and records (Spark's JSON reader nulls them).
   */
  private static String accountId(SplittableRandom random, boolean pastBigint) {
    int draw = random.nextInt(1000);
    if (draw < 2 && pastBigint) {
      return Long.toUnsignedString(Long.MIN_VALUE + random.nextLong(Long.MAX_VALUE));
    }
    return Long.toString(draw < 300 ? 1_100_000_000_000_000_000L + random.nextLong(800_000_000_000_000_000L)
        : random.nextLong(1L << 40));
  }

  /** A computed ratio at full precision; 3% tiny ones, which Python writes with an exponent. */
  private static String ratio(SplittableRandom random) {
    double ratio = random.nextInt(1000) / (double) (1 + random.nextInt(1000));
    return PythonFloats.repr(percent(random, 3) ? ratio / 1e5 : ratio);
  }

  private static boolean percent(SplittableRandom random, int percent) {
    return random.nextInt(100) < percent;
  }

  private static String timestamp(long epochSecond, int nanos) {
    return MICROS.format(Instant.ofEpochSecond(epochSecond, nanos).atOffset(ZoneOffset.UTC));
  }

  private static String word(SplittableRandom random) {
    return pick(WORDS, random);
  }

  private static String pick(String[] values, SplittableRandom random) {
    return values[random.nextInt(values.length)];
  }

  private static String quote(String text) {
    return '"' + text + '"';
  }

  /** The stream's JSON schema, as a connector's discover would send it. */
  static ObjectNode jsonSchema() {
    ObjectNode schema = Json.MAPPER.createObjectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    for (String field : new String[] {"id", "account_id", "age", "logins"}) {
      properties.putObject(field).put("type", "integer");
    }
    for (String field : new String[] {"first_name", "last_name", "email", "country", "status",
        "plan", "notes"}) {
      properties.putObject(field).put("type", "string");
    }
    for (String field : new String[] {"balance", "score", "discount_rate"}) {
      properties.putObject(field).put("type", "number");
    }
    for (String field : new String[] {"created_at", "updated_at"}) {
      properties.putObject(field).put("type", "string").put("format", "date-time")
          .put("airbyte_type", "timestamp_with_timezone");
    }
    properties.putObject("birth_date").put("type", "string").put("format", "date");
    properties.putObject("verified").put("type", "boolean");
    ObjectNode address = properties.putObject("address").put("type", "object");
    ObjectNode addressFields = address.putObject("properties");
    for (String field : new String[] {"street", "city", "zip"}) {
      addressFields.putObject(field).put("type", "string");
    }
    addressFields.putObject("lat").put("type", "number");
    properties.putObject("tags").put("type", "array").putObject("items").put("type", "string");
    return schema;
  }

  static String catalogJson() {
    ObjectNode catalog = Json.MAPPER.createObjectNode();
    ObjectNode stream = catalog.putArray("streams").addObject();
    stream.put("name", STREAM);
    stream.set("json_schema", jsonSchema());
    stream.putArray("supported_sync_modes").add("full_refresh").add("incremental");
    stream.putArray("source_defined_primary_key").addArray().add("id"); // for the MERGE sync
    return catalog.toString();
  }
}
