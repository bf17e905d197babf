package io.brickbyte.spark;

/** What a load does: read a stream, or answer one of the connector's other commands as a table. */
enum Action {
  READ,
  SPEC,
  CHECK,
  DISCOVER
}
