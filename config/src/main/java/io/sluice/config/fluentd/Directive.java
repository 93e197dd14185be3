package io.sluice.config.fluentd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A Fluentd directive being mapped: remembers which parameters and sections were used, so the rest is reported. */
final class Directive {

  private final FluentdElement element;
  private final Set<String> used = new HashSet<>();
  private final Set<FluentdElement> usedChildren = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<FluentdParameter> unresolved = new ArrayList<>();

  Directive(FluentdElement element) {
    this.element = element;
    used.add("@type");
    used.add("type");
    used.add("@id");
  }

  FluentdElement element() {
    return element;
  }

  /** The parameter {@code key}, now counted as mapped. */
  Optional<FluentdParameter> take(String key) {
    used.add(key);
    Optional<FluentdParameter> parameter = element.parameter(key);
    parameter.filter(found -> EmbeddedRuby.isUnresolved(found.value())).filter(found -> !unresolved.contains(found))
        .ifPresent(unresolved::add);
    return parameter;
  }

  /** Mapped parameters whose embedded Ruby could not be translated, so their value is not what Fluentd used. */
  List<FluentdParameter> unresolved() {
    return unresolved;
  }

  /** The value of {@code key}, now counted as mapped, or {@code fallback}. */
  String take(String key, String fallback) {
    return take(key).map(FluentdParameter::value).orElse(fallback);
  }

  /** Fluentd's bool: a key written without a value is true. */
  Optional<Boolean> takeBoolean(String key) {
    return take(key).map(parameter -> parameter.value().isEmpty() || parameter.value().equals("true")
        || parameter.value().equals("yes"));
  }

  /** Marks keys that have the same effect in Sluice without being written (or no effect at all). */
  void ignore(String... keys) {
    used.addAll(List.of(keys));
  }

  /** The first nested section called {@code name}, now counted as mapped. */
  Optional<FluentdElement> takeChild(String name) {
    Optional<FluentdElement> child = element.child(name);
    child.ifPresent(usedChildren::add);
    return child;
  }

  List<FluentdElement> takeChildren(String name) {
    List<FluentdElement> children = element.children(name);
    usedChildren.addAll(children);
    return children;
  }

  List<FluentdParameter> unusedParameters() {
    List<FluentdParameter> unused = new ArrayList<>();
    for (FluentdParameter parameter : element.parameters()) {
      if (!used.contains(parameter.key())) {
        unused.add(parameter);
      }
    }
    return unused;
  }

  List<FluentdElement> unusedChildren() {
    return element.children().stream().filter(child -> !usedChildren.contains(child)).toList();
  }
}
