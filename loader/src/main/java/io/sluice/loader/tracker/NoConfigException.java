package io.sluice.loader.tracker;

/** No config item covers a file's prefix, so no loader would ever load it; retrying cannot change that. */
public final class NoConfigException extends TrackerException {

  private static final long serialVersionUID = 1L;

  public NoConfigException(String message) {
    super(message);
  }
}
