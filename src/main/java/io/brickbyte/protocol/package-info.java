/**
 * The Airbyte protocol: messages read from a connector's stdout (one JSON object per line, fields
 * in any order, unknown ones kept), catalogs, states and their keys. Records may be handed out as
 * their raw lines, parsed, or decoded straight from bytes by a {@link
 * io.brickbyte.protocol.RecordDecoder}.
 *
 * <p>Rule: imports nothing from Spark, nor from any other package of this project.
 */
package io.brickbyte.protocol;
