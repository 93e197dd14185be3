package io.sluice.agent.daemon;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.config.ByteSize;
import io.sluice.config.SluiceConfig;
import io.sluice.config.output.OutputConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What differs between the running configuration and a reloaded one, as config keys ({@code outputs[archive].roll
 * .max_bytes}), split into what a reload applies and what only a restart can: the listeners and identity the
 * process was started with, and the buffer and the outputs' names and types, which the buffer's shipped marks
 * are kept by. Outputs listed in a new order (which changes which output takes a record) show as
 * {@code outputs.order}. Keys only, never values: some are secrets.
 *
 * @param applied the keys a reload applies
 * @param needRestart the keys that keep their running value until the next start
 */
record ConfigChanges(List<String> applied, List<String> needRestart) {

  /** Keys (and everything under them) a running agent cannot change. */
  private static final List<String> RESTART_ONLY = List.of("agent.id", "inputs", "buffer", "admin", "tracker.mode");

  ConfigChanges {
    applied = List.copyOf(applied);
    needRestart = List.copyOf(needRestart);
  }

  /** The changes from {@code running} to {@code next}. */
  static ConfigChanges between(SluiceConfig running, SluiceConfig next) {
    List<String> changed = new ArrayList<>();
    for (RecordComponent component : SluiceConfig.class.getRecordComponents()) {
      if (component.getName().equals("outputs")) {
        outputChanges(running.outputs(), next.outputs(), changed);
      } else {
        compare(keyOf(component), read(component, running), read(component, next), changed);
      }
    }
    List<String> applied = new ArrayList<>();
    List<String> needRestart = new ArrayList<>();
    for (String key : changed) {
      (needsRestart(key) ? needRestart : applied).add(key);
    }
    return new ConfigChanges(applied, needRestart);
  }

  /** Whether nothing changed at all. */
  boolean none() {
    return applied.isEmpty() && needRestart.isEmpty();
  }

  /** Whether the outputs are to be built again: one of their keys, or the drain timeout they stop within. */
  boolean outputsChanged() {
    return needRestart.stream().noneMatch(key -> key.startsWith("outputs"))
        && applied.stream().anyMatch(key -> key.startsWith("outputs") || key.equals("agent.drain_timeout"));
  }

  /** Whether the embedded loader is to be started again: a key of its section or of the tracker's. */
  boolean loaderChanged() {
    return applied.stream().anyMatch(key -> under(key, "loader") || under(key, "tracker"));
  }

  /** The top-level sections the applied keys belong to, for the log line. */
  List<String> appliedSections() {
    return applied.stream().map(key -> key.split("[.\\[]", 2)[0]).distinct().toList();
  }

  private static boolean needsRestart(String key) {
    // An output added, removed or retyped: the buffer holds entries for every output it opened with.
    if (key.equals("outputs") || key.matches("outputs\\[[^]]*]\\.type")) {
      return true;
    }
    return RESTART_ONLY.stream().anyMatch(prefix -> under(key, prefix));
  }

  private static boolean under(String key, String prefix) {
    return key.equals(prefix) || key.startsWith(prefix + ".") || key.startsWith(prefix + "[");
  }

  private static void outputChanges(List<OutputConfig> running, List<OutputConfig> next, List<String> changed) {
    Map<String, OutputConfig> before = byName(running);
    Map<String, OutputConfig> after = byName(next);
    if (!before.keySet().equals(after.keySet())) {
      changed.add("outputs");
    } else if (!List.copyOf(before.keySet()).equals(List.copyOf(after.keySet()))) {
      changed.add("outputs.order");
    }
    before.forEach((name, output) -> {
      OutputConfig reloaded = after.get(name);
      if (reloaded != null) {
        compare("outputs[" + name + "]", output, reloaded, changed);
      }
    });
  }

  private static Map<String, OutputConfig> byName(List<OutputConfig> outputs) {
    return outputs.stream().collect(Collectors.toMap(OutputConfig::name, Function.identity(), (a, b) -> a,
        LinkedHashMap::new));
  }

  private static void compare(String key, Object running, Object next, List<String> changed) {
    if (Objects.equals(running, next)) {
      return;
    }
    // A section is compared key by key; a value (a byte size too, though a record) as a whole.
    if (running instanceof Record && !(running instanceof ByteSize) && next != null
        && running.getClass() == next.getClass()) {
      for (RecordComponent component : running.getClass().getRecordComponents()) {
        compare(key + "." + keyOf(component), read(component, running), read(component, next), changed);
      }
    } else {
      changed.add(key);
    }
  }

  private static Object read(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component + " of a config record", e);
    }
  }

  /** The YAML key of a record component: its {@link JsonProperty} name, else its name in snake_case. */
  private static String keyOf(RecordComponent component) {
    JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
    return property != null && !property.value().isEmpty() ? property.value() : snakeCase(component.getName());
  }

  /** The YAML spelling of a record component: config keys are mapped from snake_case. */
  static String snakeCase(String camelCase) {
    return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
