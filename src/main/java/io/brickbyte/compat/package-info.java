/**
 * The seam between Spark versions: the few Spark internals whose home or shape differs between
 * Spark 3.5 (Scala 2.12) and Spark 4 (Scala 2.13), found at run time, so that one source tree
 * builds both JARs (modules spark-3.5 and spark-4) and a JAR links on every Spark of its line.
 *
 * <p>Rule: imports nothing of BrickByte.
 */
package io.brickbyte.compat;
