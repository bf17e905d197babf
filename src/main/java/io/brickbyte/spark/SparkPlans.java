package io.brickbyte.spark;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * The seam between the Spark 3.5 and Spark 4 builds: a Dataset of a logical plan. Spark's own
 * {@code Dataset.ofRows(session, plan)} lives on {@code org.apache.spark.sql.Dataset} in 3.5 and
 * on {@code org.apache.spark.sql.classic.Dataset} from 4.0 (with the classic session as its
 * parameter), so one source compiles against both only if it is found at run time, once.
 */
final class SparkPlans {

  /** Where ofRows lives: Spark 4's classic Dataset first, then Spark 3.5's Dataset. */
  private static final List<String> OWNERS =
      List.of("org.apache.spark.sql.classic.Dataset", "org.apache.spark.sql.Dataset");
  private static final MethodHandle OF_ROWS = ofRows();

  private SparkPlans() {}

  @SuppressWarnings("unchecked")
  static Dataset<Row> toDataset(SparkSession spark, LogicalPlan plan) {
    try {
      return (Dataset<Row>) OF_ROWS.invokeExact(spark, plan);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("Dataset.ofRows failed", e);
    }
  }

  private static MethodHandle ofRows() {
    for (String owner : OWNERS) {
      Class<?> dataset;
      try {
        dataset = Class.forName(owner, false, SparkPlans.class.getClassLoader());
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
}
