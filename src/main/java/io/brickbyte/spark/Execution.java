package io.brickbyte.spark;

/** Where connector processes run. */
enum Execution {
  /** One connector process per input partition, on the executor that converts its records. */
  EXECUTOR,
  /** One connector process on the driver; its output is staged and converted by many tasks. */
  DRIVER
}
