package io.brickbyte.spark;

import io.brickbyte.connector.ConnectorClient;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The answer of {@code spec}, {@code check} or {@code discover} as a small table. The connector
 * answers once, when the table is loaded; its scan hands the rows over from the driver.
 */
final class ActionTable implements SupportsRead {

  private final String name;
  private final String action;
  private final ActionResult result;

  private ActionTable(String name, String action, ActionResult result) {
    this.name = name;
    this.action = action;
    this.result = result;
  }

  static ActionTable load(ReadConf conf) {
    ActionResult result = ActionResult.run(conf, new ConnectorClient(conf.connector(), conf.runSettings()));
    String action = conf.action().name().toLowerCase();
    return new ActionTable("airbyte[" + conf.connector().name() + "]." + action, action, result);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public StructType schema() {
    return result.schema();
  }

  @Override
  public Set<TableCapability> capabilities() {
    // MICRO_BATCH_READ only so that a readStream of an action fails with our message (ActionScan),
    // not Spark's "does not support streamed reading".
    return Set.of(TableCapability.BATCH_READ, TableCapability.MICRO_BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return () -> new ActionScan(name, action, result);
  }
}
