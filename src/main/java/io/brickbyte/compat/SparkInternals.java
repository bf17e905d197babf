package io.brickbyte.compat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.connector.catalog.CatalogManager;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import scala.Option;

/**
 * The seam between the Spark versions a JAR runs on: every Spark internal BrickByte calls, those
 * whose home or shape differs found once by reflection, so that one source compiles against
 * Spark 3.5 and 4.0 and the Spark 4 JAR links on Spark 4.0 to 4.2.
 */
public final class SparkInternals {

  /** Where ofRows lives: Spark 4's classic Dataset first, then Spark 3.5's Dataset. */
  private static final List<String> DATASETS =
      List.of("org.apache.spark.sql.classic.Dataset", "org.apache.spark.sql.Dataset");
  private static final MethodHandle OF_ROWS = ofRowsHandle();
  /** CatalogManager is a class up to Spark 4.0 and an interface in 4.2: a call compiled against
   * one does not link against the other. */
  private static final Method CATALOG = catalogMethod();

  private SparkInternals() {}

  /**
   * A Dataset that reads {@code table}, built as Spark's own {@code load()} builds one (a
   * DataSourceV2Relation; its 3-argument {@code create} is the one Spark 3.5 to 4.2 all have).
   */
  public static Dataset<Row> read(SparkSession spark, Table table) {
    return ofRows(spark, DataSourceV2Relation.create(table, Option.empty(), Option.empty()));
  }

  /**
   * Spark's own {@code Dataset.ofRows(session, plan)}: on {@code org.apache.spark.sql.Dataset} in
   * 3.5, on {@code org.apache.spark.sql.classic.Dataset} (taking the classic session) from 4.0.
   */
  @SuppressWarnings("unchecked")
  private static Dataset<Row> ofRows(SparkSession spark, LogicalPlan plan) {
    try {
      return (Dataset<Row>) OF_ROWS.invokeExact(spark, plan);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("Dataset.ofRows failed", e);
    }
  }

  /** Loads the session's catalog {@code name}; Spark's own exception if it has none. */
  public static void loadCatalog(SparkSession spark, String name) throws Exception {
    try {
      CATALOG.invoke(spark.sessionState().catalogManager(), name);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static MethodHandle ofRowsHandle() {
    for (String owner : DATASETS) {
      Class<?> dataset;
      try {
        dataset = Class.forName(owner, false, SparkInternals.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        continue; // Spark 3.5 has no classic package
      }
      for (Method method : dataset.getMethods()) {
        Class<?>[] parameters = method.getParameterTypes();
        if (method.getName().equals("ofRows") && Modifier.isStatic(method.getModifiers())
            && parameters.length == 2 && parameters[1] == LogicalPlan.class) {
          try {
            return MethodHandles.publicLookup().unreflect(method).asType(
                MethodType.methodType(Dataset.class, SparkSession.class, LogicalPlan.class));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException("Spark's " + owner + ".ofRows is not accessible", e);
          }
        }
      }
    }
    throw new IllegalStateException("this Spark has no Dataset.ofRows(session, plan)");
  }

  private static Method catalogMethod() {
    try {
      return CatalogManager.class.getMethod("catalog", String.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("this Spark's CatalogManager has no catalog(name)", e);
    }
  }
}
