/**
 * Runs Airbyte connectors as child processes: where they come from (registry names, pip packages
 * in cached venvs, declarative manifests, Docker images, executables), how they start (a private
 * directory for config, catalog and state; a minimal environment; a session of their own), and
 * how a run ends (exit code, in-band failures, idle timeout, secrets masked in every message).
 * The driver keeps the catalogs it discovered ({@link io.brickbyte.connector.CatalogCache}), so
 * later loads of the same connector and config start no connector.
 *
 * <p>Rule: imports nothing from Spark, nor from the packages downstream of it.
 */
package io.brickbyte.connector;
