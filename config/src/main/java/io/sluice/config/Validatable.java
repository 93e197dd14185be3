package io.sluice.config;

/** A config record that can check the rules its field types alone cannot express. */
public interface Validatable {

  /**
   * Adds a problem for every rule this value breaks.
   *
   * @param path where this value sits, such as {@code outputs[1]}; empty for the root
   */
  void validate(String path, Problems problems);

  /** Validates {@code value} at {@code path} when it is present. */
  static void validateChild(Validatable value, String path, Problems problems) {
    if (value != null) {
      value.validate(path, problems);
    }
  }
}
