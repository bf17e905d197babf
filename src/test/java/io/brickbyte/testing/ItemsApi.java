package io.brickbyte.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mock paginated JSON API on 127.0.0.1 for the manifest source: {@code GET /items?page=N&per_page=M}
 * answers {@code {"data": [...]}}, pages numbered from 1, and 401 without the bearer token.
 */
public final class ItemsApi implements AutoCloseable {

  private final HttpServer server;
  private final int total;
  private final String token;
  private final AtomicInteger requests = new AtomicInteger();

  public ItemsApi(int total, String token) throws IOException {
    this.total = total;
    this.token = token;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/items", this::items);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests served so far (pages, 401s included). */
  public int requests() {
    return requests.get();
  }

  private void items(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      send(exchange, 401, "{\"error\": \"unauthorized\"}");
      return;
    }
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    int page = Integer.parseInt(query.getOrDefault("page", "1"));
    int perPage = Integer.parseInt(query.getOrDefault("per_page", "50"));
    StringBuilder body = new StringBuilder("{\"data\": [");
    for (int id = (page - 1) * perPage; id < Math.min(page * perPage, total); id++) {
      if (body.charAt(body.length() - 1) != '[') {
        body.append(',');
      }
      body.append("{\"id\": ").append(id)
          .append(", \"name\": \"item ").append(id).append('"')
          .append(", \"price\": ").append(id).append(".25")
          .append(", \"created_at\": \"2024-01-01T00:00:").append(String.format("%02d", id % 60)).append("Z\"}");
    }
    send(exchange, 200, body.append("]}").toString());
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return query;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
