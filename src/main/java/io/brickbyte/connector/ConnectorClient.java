package io.brickbyte.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.protocol.AirbyteCatalog;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.ConfiguredCatalog;
import io.brickbyte.protocol.RecordDecoder;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The four protocol commands against one connector. Config, catalog and state reach the process
 * as files in a private directory that is deleted when the command ends.
 */
public final class ConnectorClient {

  private final Connector connector;
  private final RunSettings settings;

  public ConnectorClient(Connector connector, RunSettings settings) {
    this.connector = connector;
    this.settings = settings;
  }

  public Connector connector() {
    return connector;
  }

  public RunSettings settings() {
    return settings;
  }

  /** The connector's SPEC message, verbatim. */
  public ObjectNode spec() {
    var known = connector.specification();
    return known.isPresent() ? known.get() : runSpec();
  }

  /** Runs {@code check}; a FAILED status is returned, not thrown (see {@link #requireCheck}). */
  public AirbyteMessage.ConnectionStatus check(ConnectorConfig config) {
    return check(config, redactorFor(config));
  }

  /** Runs {@code check} and throws a config error with the connector's message if it FAILED. */
  public void requireCheck(ConnectorConfig config) {
    Redactor redactor = redactorFor(config);
    AirbyteMessage.ConnectionStatus status = check(config, redactor);
    if (!status.succeeded()) {
      throw new AirbyteConfigException(
          "Connector " + connector.name() + " rejected its config: "
              + redactor.redact(String.valueOf(status.message())));
    }
  }

  public AirbyteCatalog discover(ConnectorConfig config) {
    AirbyteMessage.Catalog catalog =
        single(null, config, "discover", AirbyteMessage.Catalog.class, redactorFor(config));
    return catalog.catalog();
  }

  /**
   * Starts {@code read}. The caller drains the run's messages and closes it.
   *
   * @param state the state to resume from (the protocol's JSON array), or null
   * @param cancelled polled while the connector runs; true kills it
   */
  public ConnectorRun read(
      ConnectorConfig config,
      ConfiguredCatalog catalog,
      JsonNode state,
      RecordDecoder decoder,
      BooleanSupplier cancelled) {
    Redactor redactor = redactorFor(config);
    PrivateDir files = PrivateDir.create(settings.tempPath());
    try {
      ProtocolCommand command =
          ProtocolCommand.read(
              files.write("config.json", connector.configForConnector(config.json())),
              files.write("catalog.json", catalog.toJson().toString()),
              state == null ? null : files.write("state.json", state.toString()));
      return new ConnectorRun(connector, command, files, settings, redactor, decoder, cancelled,
          catalog.streams().stream().map(s -> s.stream().descriptor().toString()).toList());
    } catch (RuntimeException e) {
      files.close();
      throw e;
    }
  }

  /** Masks the config's secrets: those its spec marks (looked up once per JVM), and by key name. */
  private Redactor redactorFor(ConnectorConfig config) {
    return config.redactor(SpecSecrets.of(connector, this::runSpec));
  }

  private ObjectNode runSpec() {
    return single(ProtocolCommand.spec(), null, null, AirbyteMessage.Spec.class, Redactor.NONE).json();
  }

  private AirbyteMessage.ConnectionStatus check(ConnectorConfig config, Redactor redactor) {
    return single(null, config, "check", AirbyteMessage.ConnectionStatus.class, redactor);
  }

  /** Runs a command that answers with one message of {@code type}, draining the rest. */
  private <T extends AirbyteMessage> T single(
      ProtocolCommand fixed, ConnectorConfig config, String verb, Class<T> type, Redactor redactor) {
    PrivateDir files = PrivateDir.create(settings.tempPath());
    ProtocolCommand command;
    try {
      command =
          fixed != null
              ? fixed
              : new ProtocolCommand(
                  verb,
                  files.write("config.json", connector.configForConnector(config.json())),
                  null,
                  null);
    } catch (RuntimeException e) {
      files.close();
      throw e;
    }
    T answer = null;
    try (ConnectorRun run =
        new ConnectorRun(connector, command, files, settings, redactor, RecordDecoder.TREE, () -> false,
            List.of())) {
      for (AirbyteMessage message = run.next(); message != null; message = run.next()) {
        if (answer == null && type.isInstance(message)) {
          answer = type.cast(message);
        }
      }
    }
    if (answer == null) {
      throw new AirbyteConnectorException(
          "Connector " + connector.name() + " " + command.verb() + " exited without a "
              + type.getSimpleName() + " message");
    }
    return answer;
  }
}
