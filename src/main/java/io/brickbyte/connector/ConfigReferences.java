package io.brickbyte.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.brickbyte.AirbyteConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env:NAME}}, {@code ${file:PATH}} and {@code ${secret:scope/key}} inside a
 * config's string values, so notebooks need not paste credentials. Resolved values are secrets:
 * they are added to the config's redactor whatever their key.
 */
final class ConfigReferences {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file|secret):([^}]+)}");

  private final Function<String, String> env;
  private final List<String> resolved;

  ConfigReferences(Function<String, String> env, List<String> resolved) {
    this.env = env;
    this.resolved = resolved;
  }

  /** Resolves every reference in {@code node}, in place. */
  void resolve(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().isTextual()) {
          field.setValue(resolveText(field.getValue().asText()));
        } else {
          resolve(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isTextual()) {
          array.set(i, resolveText(array.get(i).asText()));
        } else {
          resolve(array.get(i));
        }
      }
    }
  }

  private JsonNode resolveText(String text) {
    if (!text.contains("${")) {
      return TextNode.valueOf(text);
    }
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = lookUp(matcher.group(1), matcher.group(2).strip());
      resolved.add(value);
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return TextNode.valueOf(out.toString());
  }

  private String lookUp(String kind, String name) {
    switch (kind) {
      case "env" -> {
        String value = env.apply(name);
        if (value == null) {
          throw new AirbyteConfigException(
              "The config references ${env:" + name + "}, but the environment variable " + name
                  + " is not set on the driver");
        }
        return value;
      }
      case "file" -> {
        try {
          return Files.readString(Path.of(name), StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
          throw new AirbyteConfigException(
              "The config references ${file:" + name + "}, which cannot be read: " + e);
        }
      }
      default -> {
        return DatabricksSecrets.get(name);
      }
    }
  }
}
