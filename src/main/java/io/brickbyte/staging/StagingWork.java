package io.brickbyte.staging;

import java.io.Serializable;
import java.time.Duration;

/**
 * What the driver did to stage the records a read converts: how many records, how many staged
 * bytes, and how long the connector ran and was staged. A read shows it as its driver metrics.
 */
public record StagingWork(long records, long bytes, Duration time) implements Serializable {}
