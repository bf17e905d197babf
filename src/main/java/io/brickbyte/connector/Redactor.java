package io.brickbyte.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks a config's secrets in text the connector writes (stderr, log lines, TRACE errors) before
 * it reaches a log or an exception: careless connectors do print their config.
 */
public final class Redactor implements Serializable {

  public static final Redactor NONE = new Redactor(List.of());
  static final String MASK = "****";

  private static final long serialVersionUID = 1L;
  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i).*(pass|secret|token|key|credential|auth|cookie|session|private|signature).*");
  private static final int MIN_SECRET_LENGTH = 4;

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = List.copyOf(secrets);
  }

  /** Masks every string value under a secret-sounding key, at any depth of the config. */
  public static Redactor forConfig(JsonNode config) {
    List<String> secrets = new ArrayList<>();
    collect(config, false, secrets);
    secrets.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(secrets);
  }

  /** This redactor, also masking {@code values}. */
  Redactor with(List<String> values) {
    List<String> secrets = new ArrayList<>(this.secrets);
    values.stream().filter(v -> v.length() >= MIN_SECRET_LENGTH && !secrets.contains(v)).forEach(secrets::add);
    secrets.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(secrets);
  }

  public String redact(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : secrets) {
      if (out.contains(secret)) {
        out = out.replace(secret, MASK);
      }
    }
    return out;
  }

  private static void collect(JsonNode node, boolean secret, List<String> out) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        collect(field.getValue(), secret || SECRET_KEY.matcher(field.getKey()).matches(), out);
      }
    } else if (node.isArray()) {
      node.forEach(item -> collect(item, secret, out));
    } else if (secret && node.isValueNode()) {
      String value = node.asText();
      if (value.length() >= MIN_SECRET_LENGTH && !out.contains(value)) {
        out.add(value);
      }
    }
  }

  @Override
  public String toString() {
    return "Redactor(" + secrets.size() + " secrets)";
  }
}
