package io.brickbyte.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects every log line (all levels, all loggers) while open, to assert what never is logged. */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

  private final List<String> lines = new ArrayList<>();
  private final List<String> leveled = new ArrayList<>();
  private final Level previousLevel;
  private final Map<String, Appender> rootAppenders;

  public LogCapture() {
    super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    LoggerConfig root = config.getRootLogger();
    previousLevel = root.getLevel();
    // The root's own appenders (the console) keep the level they had: only this one takes all.
    rootAppenders = Map.copyOf(root.getAppenders());
    rootAppenders.forEach((name, appender) -> {
      root.removeAppender(name);
      root.addAppender(appender, previousLevel, null);
    });
    root.addAppender(this, Level.ALL, null);
    root.setLevel(Level.ALL);
    config.getLoggers().values().forEach(logger -> logger.addAppender(this, Level.ALL, null));
    context.updateLoggers();
  }

  @Override
  public synchronized void append(LogEvent event) {
    lines.add(event.getMessage().getFormattedMessage());
    leveled.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
    if (event.getThrown() != null) {
      lines.add(String.valueOf(event.getThrown()));
    }
  }

  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** The lines without the stack traces, each after its level: {@code WARN message}. */
  public synchronized List<String> leveledLines() {
    return List.copyOf(leveled);
  }

  public synchronized String text() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    LoggerConfig root = config.getRootLogger();
    root.removeAppender(getName());
    rootAppenders.forEach((name, appender) -> {
      root.removeAppender(name);
      root.addAppender(appender, null, null);
    });
    root.setLevel(previousLevel);
    config.getLoggers().values().forEach(logger -> logger.removeAppender(getName()));
    context.updateLoggers();
    stop();
  }
}
