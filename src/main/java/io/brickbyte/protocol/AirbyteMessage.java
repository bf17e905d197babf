package io.brickbyte.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One message a source writes to stdout. Records carry their data already decoded by a {@link
 * RecordDecoder}; every other kind keeps its JSON verbatim, unknown fields included.
 */
public sealed interface AirbyteMessage {

  /** A RECORD. {@code data} is whatever the decoder made of it; {@code meta} may be null. */
  record Record(String stream, String namespace, long emittedAt, Object data, JsonNode meta)
      implements AirbyteMessage {}

  /**
   * A RECORD kept as its line, data not decoded (see {@link RecordDecoder#LINES}). The bytes are
   * the reader's buffer: valid only until the next message is read.
   */
  record RecordLine(String stream, String namespace, byte[] bytes, int offset, int length)
      implements AirbyteMessage {}

  /** A STATE, kept verbatim: the next run gets it back byte for byte. */
  record State(ObjectNode json) implements AirbyteMessage {
    /** STREAM, GLOBAL or LEGACY; the protocol says a state without a type is LEGACY. */
    public String type() {
      return json.path("type").asText("LEGACY");
    }

    public StateKey key() {
      return StateKey.of(this);
    }

    /** The stream a STREAM state belongs to, or null for the other kinds. */
    public StreamDescriptor stream() {
      JsonNode descriptor = json.path("stream").path("stream_descriptor");
      return descriptor.isObject() ? StreamDescriptor.of(descriptor) : null;
    }
  }

  /** A LOG line of the connector. */
  record Log(String level, String message, String stackTrace) implements AirbyteMessage {}

  /** A TRACE: an error, an estimate, a stream status, or a kind this library does not know. */
  record Trace(String type, ObjectNode json) implements AirbyteMessage {
    public Optional<TraceError> error() {
      return "ERROR".equals(type) ? Optional.of(TraceError.of(json.path("error"))) : Optional.empty();
    }

    /** The STREAM_STATUS this trace carries, if it is one with a stream and a status. */
    public Optional<StreamStatus> streamStatus() {
      JsonNode body = json.path("stream_status");
      JsonNode descriptor = body.path("stream_descriptor");
      if (!"STREAM_STATUS".equals(type) || !descriptor.isObject() || !body.path("status").isTextual()) {
        return Optional.empty();
      }
      return Optional.of(new StreamStatus(StreamDescriptor.of(descriptor), body.path("status").asText()));
    }
  }

  /** A stream's status as a TRACE STREAM_STATUS reports it: STARTED, RUNNING, COMPLETE, INCOMPLETE. */
  record StreamStatus(StreamDescriptor stream, String status) {}

  /** A CONTROL message: the connector asks for its config to be replaced (e.g. OAuth rotation). */
  record Control(ObjectNode json) implements AirbyteMessage {
    /** The new config, or null if this is another kind of control message. */
    public ObjectNode newConfig() {
      JsonNode config = json.path("connectorConfig").path("config");
      return config.isObject() ? (ObjectNode) config : null;
    }
  }

  /** The connector's SPEC: {@code connectionSpecification} and the rest, verbatim. */
  record Spec(ObjectNode json) implements AirbyteMessage {}

  /** The CATALOG answered by {@code discover}. */
  record Catalog(AirbyteCatalog catalog) implements AirbyteMessage {}

  /** The CONNECTION_STATUS answered by {@code check}. */
  record ConnectionStatus(String status, String message) implements AirbyteMessage {
    public boolean succeeded() {
      return "SUCCEEDED".equals(status);
    }
  }

  /** A message type this library does not use (newer protocol versions add some). */
  record Other(String type, ObjectNode json) implements AirbyteMessage {}

  /** The error carried by a TRACE of type ERROR. */
  record TraceError(
      String message, String internalMessage, String stackTrace, String failureType) {
    static TraceError of(JsonNode error) {
      return new TraceError(
          text(error, "message"),
          text(error, "internal_message"),
          text(error, "stack_trace"),
          text(error, "failure_type"));
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
