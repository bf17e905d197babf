package io.brickbyte.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The streams a source offers, as {@code discover} answers them. */
public record AirbyteCatalog(List<AirbyteStream> streams) {

  public AirbyteCatalog {
    streams = List.copyOf(streams);
  }

  static AirbyteCatalog of(JsonNode catalog) {
    List<AirbyteStream> streams = new ArrayList<>();
    for (JsonNode stream : catalog.path("streams")) {
      if (stream instanceof ObjectNode object) {
        streams.add(new AirbyteStream(object));
      }
    }
    return new AirbyteCatalog(streams);
  }

  /** The stream named {@code name}; with a null namespace, the first of that name. */
  public Optional<AirbyteStream> find(String name, String namespace) {
    StreamDescriptor wanted = new StreamDescriptor(name, namespace);
    return streams.stream().filter(s -> wanted.matches(s.name(), s.descriptor().namespace())).findFirst();
  }

  public List<String> names() {
    return streams.stream().map(s -> s.descriptor().toString()).toList();
  }
}
