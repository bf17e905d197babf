package io.brickbyte.connector;

import io.brickbyte.AirbyteConfigException;

/**
 * {@code ${secret:scope/key}} through Databricks' own {@code dbutils.secrets}, looked up by
 * reflection: the class exists only on Databricks runtimes, and this library must load elsewhere.
 */
final class DatabricksSecrets {

  private static final String HOLDER = "com.databricks.dbutils_v1.DBUtilsHolder$";

  private DatabricksSecrets() {}

  static String get(String reference) {
    int slash = reference.indexOf('/');
    if (slash <= 0 || slash == reference.length() - 1) {
      throw new AirbyteConfigException(
          "The config reference ${secret:" + reference + "} is not of the form ${secret:scope/key}");
    }
    String scope = reference.substring(0, slash);
    String key = reference.substring(slash + 1);
    Object dbutils;
    try {
      Class<?> holder = Class.forName(HOLDER);
      Object module = holder.getField("MODULE$").get(null);
      dbutils = holder.getMethod("dbutils").invoke(module);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new AirbyteConfigException(
          "The config references ${secret:" + reference + "}, but Databricks secrets are only "
              + "available on a Databricks runtime; use ${env:NAME} or ${file:PATH} elsewhere");
    }
    try {
      Object secrets = dbutils.getClass().getMethod("secrets").invoke(dbutils);
      return (String) secrets.getClass().getMethod("get", String.class, String.class)
          .invoke(secrets, scope, key);
    } catch (ReflectiveOperationException e) {
      throw new AirbyteConfigException(
          "Databricks secret scope '" + scope + "' key '" + key + "' cannot be read: "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
    }
  }
}
