package io.brickbyte.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config keys a connector's spec marks {@code airbyte_secret}, at any depth of its {@code
 * connectionSpecification}: inside {@code oneOf}/{@code anyOf}/{@code allOf} options, array items,
 * maps and definitions. Keys, not paths: a key marked secret in one option is masked in all, which
 * masks more, never less. Looked up once per connector and JVM, as every read, check and discover
 * needs them and {@code spec} costs a process.
 */
final class SpecSecrets {

  private static final Logger LOG = LoggerFactory.getLogger(SpecSecrets.class);
  private static final List<String> VALUE_HOLDERS = List.of("items", "additionalProperties");
  private static final List<String> OPTIONS = List.of("oneOf", "anyOf", "allOf");
  private static final ConcurrentHashMap<String, CompletableFuture<Set<String>>> BY_CONNECTOR =
      new ConcurrentHashMap<>();

  private SpecSecrets() {}

  /**
   * The secret keys of {@code connector}'s spec; {@code runSpec} runs its {@code spec} command. A
   * spec that cannot be had gives none, with a warning: masking then goes by key names alone.
   */
  static Set<String> of(Connector connector, Supplier<ObjectNode> runSpec) {
    Optional<ObjectNode> known;
    try {
      known = connector.specification();
    } catch (RuntimeException e) {
      return unknown(connector, e);
    }
    if (known.isPresent()) {
      return keys(known.get()); // no process to save, and a manifest may change between runs
    }
    String identity = connector.getClass().getName() + " " + connector.name();
    CompletableFuture<Set<String>> mine = new CompletableFuture<>();
    CompletableFuture<Set<String>> first = BY_CONNECTOR.putIfAbsent(identity, mine);
    if (first != null) {
      return first.join();
    }
    Set<String> keys = Set.of();
    try {
      keys = keys(runSpec.get());
    } catch (RuntimeException e) {
      BY_CONNECTOR.remove(identity, mine); // not cached: the next run tries again
      keys = unknown(connector, e);
    } finally {
      mine.complete(keys);
    }
    return keys;
  }

  /** The secret keys a SPEC message's {@code connectionSpecification} marks. */
  static Set<String> keys(JsonNode spec) {
    Set<String> keys = new TreeSet<>();
    collect(spec.path("connectionSpecification"), keys);
    return keys;
  }

  private static void collect(JsonNode schema, Set<String> keys) {
    if (schema.isObject()) {
      schema.path("properties").fields().forEachRemaining(property -> {
        if (holdsOnlySecrets(property.getValue())) {
          keys.add(property.getKey());
        }
      });
    }
    if (schema.isContainerNode()) {
      schema.forEach(child -> collect(child, keys));
    }
  }

  /** Whether a property's whole value is secret: marked itself, or its items, map values or an option. */
  private static boolean holdsOnlySecrets(JsonNode schema) {
    if (!schema.isObject()) {
      return false;
    }
    if (schema.path("airbyte_secret").asBoolean(false)) {
      return true;
    }
    for (String holder : VALUE_HOLDERS) {
      if (holdsOnlySecrets(schema.path(holder))) {
        return true;
      }
    }
    for (String options : OPTIONS) {
      for (JsonNode option : schema.path(options)) {
        if (holdsOnlySecrets(option)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Set<String> unknown(Connector connector, RuntimeException e) {
    LOG.warn("Connector {}: its spec could not be read ({}); its output is masked by key names only "
        + "(password, token, key, secret, ...), not by the fields its spec marks airbyte_secret",
        connector.name(), e.getMessage());
    return Set.of();
  }
}
