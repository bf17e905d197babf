package io.brickbyte.connector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The text at a local path or an http(s) URL: registries, manifests, components, read on the driver. */
final class LocationText {

  /** An http(s) answer other than 200 (or 404 where absence is allowed). */
  static final class HttpStatusException extends IOException {
    final int status;

    HttpStatusException(String location, int status) {
      super(location + " answered HTTP " + status);
      this.status = status;
    }
  }

  private LocationText() {}

  static boolean isUrl(String location) {
    return location.startsWith("http://") || location.startsWith("https://");
  }

  /**
   * Reads the text at {@code location}.
   *
   * @param optional whether a missing file or an HTTP 404 gives null rather than an error
   */
  static String read(String location, boolean optional) throws IOException, InterruptedException {
    if (!isUrl(location)) {
      Path path = Path.of(location);
      if (optional && !Files.exists(path)) {
        return null;
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    }
    HttpClient client =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30)).build();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(location)).timeout(Duration.ofMinutes(2)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (optional && response.statusCode() == 404) {
      return null;
    }
    if (response.statusCode() != 200) {
      throw new HttpStatusException(location, response.statusCode());
    }
    return response.body();
  }
}
