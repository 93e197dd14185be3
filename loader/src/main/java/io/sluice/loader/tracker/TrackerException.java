package io.sluice.loader.tracker;

/** A file could not be registered in the tracker. */
public class TrackerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TrackerException(String message) {
    super(message);
  }
}
