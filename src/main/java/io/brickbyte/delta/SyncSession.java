package io.brickbyte.delta;

import java.util.Set;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * The session a sync writes with: a new session of the user's, with the user's SQL settings and
 * current catalog and namespace. Delta takes a MERGE's commit tag, idempotency and schema evolution
 * only from session settings, so the sync sets them here, where neither the user's own settings
 * nor another sync's writes can see them.
 */
final class SyncSession {

  /**
   * The user's settings the sync does not take: they belong to the user's own writes, and the
   * sync's writes (its state log too) would carry the user's tag or be skipped as already done.
   */
  static final Set<String> NOT_COPIED = Set.of(
      TableCommits.USER_METADATA, TableCommits.TXN_APP_ID, TableCommits.TXN_VERSION);

  private SyncSession() {}

  static SparkSession isolatedFrom(SparkSession user) {
    SparkSession own = user.newSession();
    for (Iterator<Tuple2<String, String>> it = user.conf().getAll().iterator(); it.hasNext(); ) {
      Tuple2<String, String> setting = it.next();
      String key = setting._1();
      boolean same = own.conf().getOption(key).contains(setting._2());
      if (!NOT_COPIED.contains(key) && !same) {
        // What differs is what the user set in their session: SQL settings, all modifiable.
        own.conf().set(key, setting._2());
      }
    }
    own.catalog().setCurrentCatalog(user.catalog().currentCatalog());
    own.catalog().setCurrentDatabase(user.catalog().currentDatabase());
    return own;
  }
}
