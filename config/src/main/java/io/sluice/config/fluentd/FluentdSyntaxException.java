package io.sluice.config.fluentd;

/** A Fluentd configuration that cannot be read or parsed, located at a file and line. */
public final class FluentdSyntaxException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;

  public FluentdSyntaxException(String file, int line, String message) {
    // A file that cannot be read has no line to point at.
    super(file + (line > 0 ? ":" + line : "") + ": " + message);
    this.file = file;
    this.line = line;
  }

  /** The file the problem is in. */
  public String file() {
    return file;
  }

  /** The line of the problem, from 1 (0 when the file itself cannot be read). */
  public int line() {
    return line;
  }
}
