package io.sluice.config.fluentd;

/**
 * Something the importer says about one place of the Fluentd file: a part it left out, or a note on how a mapped
 * part differs or what the operator must do (set an environment variable for a secret).
 *
 * @param location {@code file:line} in the Fluentd configuration
 * @param subject what it is about, such as {@code <match debug.**> @type stdout} or {@code aws_sec_key}
 * @param message why, or what to do
 * @param leftOut whether the part has no equivalent in the imported YAML
 */
public record ImportNote(String location, String subject, String message, boolean leftOut) {

  @Override
  public String toString() {
    return location + ": " + subject + ": " + message;
  }
}
