package io.sluice.agent.input;

/** The encoding of one record's bytes. */
public enum RecordEncoding {
  /** One JSON object, UTF-8. */
  JSON,
  /** One msgpack map with string keys. */
  MSGPACK
}
