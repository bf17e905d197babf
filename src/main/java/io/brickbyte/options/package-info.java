/**
 * Every option key ({@link io.brickbyte.options.AirbyteOptions}), the one parser of their values
 * ({@link io.brickbyte.options.OptionValues}), the refusal of keys that are none of ours, cluster
 * defaults from {@code spark.brickbyte.<option>}, and the source's configuration shared by a read,
 * a sync and a stream ({@link io.brickbyte.options.SourceConf}).
 *
 * <p>Rule: imports nothing from Spark (a Hadoop Configuration is passed in), nor from the spark or
 * delta packages.
 */
package io.brickbyte.options;
