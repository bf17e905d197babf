package io.brickbyte.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.protocol.Json;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The bench's source connector: replays a pre-generated protocol file to stdout in large writes,
 * so the connector is never the bottleneck. Config: {@code {"dir": PATH}} plus optional {@code
 * "rate"} (records/s, to act like a slow connector) and {@code "repeat"} (times to replay the file,
 * for reads larger than the files on disk).
 */
public final class ReplayConnector {

  private static final int CHUNK = 1 << 20;

  private ReplayConnector() {}

  public static void main(String[] args) throws IOException {
    OutputStream out = new FileOutputStream(FileDescriptor.out);
    String command = args.length == 0 ? "" : args[0];
    switch (command) {
      case "spec" -> message(out, "SPEC", Json.MAPPER.readTree(
          "{\"connectionSpecification\":{\"type\":\"object\",\"properties\":{"
              + "\"dir\":{\"type\":\"string\"},\"rate\":{\"type\":\"integer\"},"
              + "\"repeat\":{\"type\":\"integer\"}}}}"));
      case "check" -> message(out, "connectionStatus", Json.MAPPER.readTree("{\"status\":\"SUCCEEDED\"}"));
      case "discover" -> {
        Path dir = Path.of(config(args).path("dir").asText());
        message(out, "catalog", Json.MAPPER.readTree(Files.readString(dir.resolve(BenchData.CATALOG_FILE))));
      }
      case "read" -> {
        JsonNode config = config(args);
        Path file = Path.of(config.path("dir").asText()).resolve(BenchData.PROTOCOL_FILE);
        long rate = config.path("rate").asLong(0);
        int repeat = Math.max(1, config.path("repeat").asInt(1));
        for (int i = 0; i < repeat; i++) {
          if (rate > 0) {
            replayThrottled(file, out, rate);
          } else {
            replay(file, out);
          }
        }
      }
      default -> {
        System.err.println("usage: spec | check --config F | discover --config F | read --config F --catalog F");
        System.exit(2);
      }
    }
    out.flush();
  }

  private static void replay(Path file, OutputStream out) throws IOException {
    byte[] chunk = new byte[CHUNK];
    try (InputStream in = Files.newInputStream(file)) {
      int read;
      while ((read = in.read(chunk)) > 0) {
        out.write(chunk, 0, read);
      }
    }
  }

  /** Writes whole lines at {@code rate} records/s, in slices of 10 ms, as a slow connector would. */
  private static void replayThrottled(Path file, OutputStream out, long rate) throws IOException {
    long perSlice = Math.max(1, rate / 100);
    byte[] chunk = new byte[CHUNK];
    long start = System.nanoTime();
    long written = 0;
    try (InputStream in = Files.newInputStream(file)) {
      int filled = 0;
      int read;
      while ((read = in.read(chunk, filled, chunk.length - filled)) > 0 || filled > 0) {
        filled += Math.max(read, 0);
        int from = 0;
        int lines = 0;
        for (int i = 0; i < filled; i++) {
          if (chunk[i] == '\n' && ++lines == perSlice) {
            written += lines;
            out.write(chunk, from, i + 1 - from);
            from = i + 1;
            lines = 0;
            pace(start, written, rate);
          }
        }
        if (read <= 0) {
          out.write(chunk, from, filled - from);
          break;
        }
        System.arraycopy(chunk, from, chunk, 0, filled - from);
        filled -= from;
      }
    }
  }

  private static void pace(long startNanos, long written, long rate) {
    long due = startNanos + TimeUnit.SECONDS.toNanos(written) / rate;
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  private static JsonNode config(String[] args) throws IOException {
    for (int i = 1; i + 1 < args.length; i++) {
      if (args[i].equals("--config")) {
        return Json.MAPPER.readTree(Files.readString(Path.of(args[i + 1])));
      }
    }
    throw new IllegalArgumentException("--config is required");
  }

  private static void message(OutputStream out, String field, JsonNode body) throws IOException {
    ObjectNode message = Json.MAPPER.createObjectNode();
    message.put("type", field.equals("connectionStatus") ? "CONNECTION_STATUS" : field.toUpperCase());
    message.set(field.equals("SPEC") ? "spec" : field, body);
    out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
