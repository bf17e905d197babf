package io.brickbyte.delta;

import java.util.Arrays;
import org.apache.spark.SparkContext;

/**
 * The Spark UI's labels of the sync's jobs, on the calling thread: a job tag {@code
 * brickbyte-sync-<id>} and a description per stream written, and a job group of the sync unless
 * the thread already has one (a Databricks notebook cancels its cell by its group: it is kept).
 * Closing puts the thread's labels back as they were.
 */
final class JobLabels implements AutoCloseable {

  private static final String GROUP = "spark.jobGroup.id";
  private static final String DESCRIPTION = "spark.job.description";
  private static final String INTERRUPT = "spark.job.interruptOnCancel";
  /** SparkContext.SPARK_JOB_TAGS: read as the property, no Scala collection needed. */
  private static final String TAGS = "spark.job.tags";

  private final SparkContext context;
  private final String tag;
  private final String group;
  private final String description;
  private final String interrupt;
  private final boolean hadTag;

  private JobLabels(SparkContext context, String tag) {
    this.context = context;
    this.tag = tag;
    this.group = context.getLocalProperty(GROUP);
    this.description = context.getLocalProperty(DESCRIPTION);
    this.interrupt = context.getLocalProperty(INTERRUPT);
    String tags = context.getLocalProperty(TAGS);
    this.hadTag = tags != null && Arrays.asList(tags.split(",")).contains(tag);
  }

  /** Labels the thread's jobs as sync {@code syncId}'s, described by {@code what}. */
  static JobLabels sync(SparkContext context, long syncId, String what) {
    JobLabels labels = new JobLabels(context, "brickbyte-sync-" + syncId);
    if (labels.group == null) {
      context.setJobGroup(labels.tag, what, false);
    } else {
      context.setJobDescription(what);
    }
    context.addJobTag(labels.tag);
    return labels;
  }

  /** The description of the jobs from here on, e.g. the stream being written. */
  void describe(String what) {
    context.setJobDescription(what);
  }

  @Override
  public void close() {
    context.setLocalProperty(GROUP, group);
    context.setLocalProperty(DESCRIPTION, description);
    context.setLocalProperty(INTERRUPT, interrupt);
    if (!hadTag) {
      context.removeJobTag(tag);
    }
  }
}
