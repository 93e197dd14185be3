package io.sluice.loader.tracker;

/**
 * One file of a batch.
 *
 * @param file {@code bucket/key} in the Lambda's key representation (spaces written as {@code +})
 * @param size the object's size in bytes; {@link #UNKNOWN_SIZE} for legacy {@code entries} that carry none
 */
public record BatchEntry(String file, long size) {

  /** The size of a legacy {@code entries} file, which the batch does not record. */
  public static final long UNKNOWN_SIZE = -1;

  /** The file's bucket. */
  public String bucket() {
    return file.substring(0, file.indexOf('/'));
  }

  /** The file's key, in the Lambda's representation. */
  public String key() {
    return file.substring(file.indexOf('/') + 1);
  }
}
