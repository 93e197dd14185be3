package io.sluice.agent.output.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where a destination's sealed files go: an S3 bucket or a local directory, addressed by object key. */
public interface ObjectStore extends AutoCloseable {

  /**
   * Stores the content of {@code file} under {@code key}, replacing whatever was there, and returns once the store
   * confirmed it is durable. A caller may call again with the same key and content after any failure.
   *
   * @throws IOException or an unchecked SDK exception when the object may not have been stored
   */
  StoredObject put(String key, Path file) throws IOException;

  /** The keys of every object whose key starts with {@code prefix}, sorted. */
  List<String> list(String prefix) throws IOException;

  /**
   * Copies the object {@code key} into {@code target}, replacing it.
   *
   * @throws java.nio.file.NoSuchFileException when there is no such object
   */
  void get(String key, Path target) throws IOException;

  /** Deletes the object {@code key}; deleting one that is not there succeeds. */
  void delete(String key) throws IOException;

  /** What the store writes to, for logs: {@code s3://bucket} or a directory. */
  String describe();

  @Override
  void close();
}
