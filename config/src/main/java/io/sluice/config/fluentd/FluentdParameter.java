package io.sluice.config.fluentd;

/**
 * One {@code key value} line of a Fluentd directive.
 *
 * @param key the parameter name, such as {@code s3_bucket} or {@code @type}
 * @param value the value with quotes, escapes and multi-line JSON resolved; embedded Ruby is kept as
 *     {@link EmbeddedRuby} markers
 * @param file the file the line is in (an {@code @include}d one, or the imported file)
 * @param line the line number, from 1
 */
public record FluentdParameter(String key, String value, String file, int line) {

  /** Where the parameter is written, as {@code file:line}. */
  public String location() {
    return file + ":" + line;
  }
}
