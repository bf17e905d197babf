package io.brickbyte.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.Objects;

/** A stream's name and optional namespace, as the protocol identifies streams. */
public record StreamDescriptor(String name, String namespace) implements Serializable {

  public StreamDescriptor {
    Objects.requireNonNull(name, "name");
  }

  static StreamDescriptor of(JsonNode node) {
    JsonNode namespace = node.get("namespace");
    return new StreamDescriptor(
        node.path("name").asText(), namespace == null || namespace.isNull() ? null : namespace.asText());
  }

  /** Whether a record of {@code stream}/{@code namespace} belongs here; a null namespace matches any. */
  public boolean matches(String stream, String recordNamespace) {
    return name.equals(stream) && (namespace == null || namespace.equals(recordNamespace));
  }

  @Override
  public String toString() {
    return namespace == null ? name : namespace + "." + name;
  }
}
