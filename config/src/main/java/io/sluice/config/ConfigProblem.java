package io.sluice.config;

/**
 * One thing wrong with a configuration file, with where it is.
 *
 * @param source the file name (or a resource name) the problem is in
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param path the field path, such as {@code outputs[1].roll.size}; empty for the document itself
 * @param message what is wrong, phrased so the user can act on it
 */
public record ConfigProblem(String source, int line, int column, String path, String message) {

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(source);
    if (line > 0) {
      out.append(':').append(line).append(':').append(column);
    }
    out.append(": ");
    if (!path.isEmpty()) {
      out.append(path).append(": ");
    }
    return out.append(message).toString();
  }
}
