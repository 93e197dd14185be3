package io.sluice.config.fluentd;

import java.util.List;
import java.util.Optional;

/**
 * A Fluentd directive such as {@code <match app.**>}, with its parameters and nested directives in file order.
 *
 * @param name the directive name: {@code source}, {@code match}, {@code buffer}, {@code ROOT} for the file itself
 * @param argument what follows the name in the tag: a match pattern, {@code @X} of a label, {@code tls} of a
 *     transport, the chunk keys of a buffer; empty when none
 * @param parameters the {@code key value} lines
 * @param children the nested directives
 * @param file the file the directive starts in
 * @param line the line it starts on
 */
public record FluentdElement(String name, String argument, List<FluentdParameter> parameters,
    List<FluentdElement> children, String file, int line) {

  public FluentdElement {
    parameters = List.copyOf(parameters);
    children = List.copyOf(children);
  }

  /** The last value given for {@code key} (Fluentd keeps the last of repeated keys). */
  public Optional<FluentdParameter> parameter(String key) {
    FluentdParameter found = null;
    for (FluentdParameter parameter : parameters) {
      if (parameter.key().equals(key)) {
        found = parameter;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The value of {@code key}, or {@code fallback} when it is not given. */
  public String value(String key, String fallback) {
    return parameter(key).map(FluentdParameter::value).orElse(fallback);
  }

  /** The {@code @type} of the directive, empty when it has none. */
  public String type() {
    return value("@type", value("type", ""));
  }

  /** The nested directives called {@code childName}, in file order. */
  public List<FluentdElement> children(String childName) {
    return children.stream().filter(child -> child.name().equals(childName)).toList();
  }

  /** The first nested directive called {@code childName}. */
  public Optional<FluentdElement> child(String childName) {
    return children.stream().filter(child -> child.name().equals(childName)).findFirst();
  }

  /** Where the directive starts, as {@code file:line}. */
  public String location() {
    return file + ":" + line;
  }

  /** The opening tag as written, such as {@code <match app.**>}. */
  public String tag() {
    return argument.isEmpty() ? "<" + name + ">" : "<" + name + " " + argument + ">";
  }
}
