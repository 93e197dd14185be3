package io.sluice.config;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects problems while a config is read and checked, so that all of them are reported at once. Each problem is
 * keyed by a JSON pointer into the document; {@link #add(String, String)} takes the dotted path form for checks
 * written against the bound records.
 */
public final class Problems {

  private final List<Entry> entries = new ArrayList<>();
  private final Set<JsonPointer> waived = new HashSet<>();

  record Entry(JsonPointer pointer, String message, boolean atKey) {}

  /** Records a problem with the value at a pointer such as {@code /outputs/1/roll/size}. */
  public void add(JsonPointer pointer, String message) {
    entries.add(new Entry(pointer, message, false));
  }

  /** Records a problem with the key itself at {@code pointer} (an unknown key). */
  void addAtKey(JsonPointer pointer, String message) {
    entries.add(new Entry(pointer, message, true));
  }

  /** Records a problem at a path such as {@code outputs[1].roll.size}. */
  public void add(String path, String message) {
    add(ConfigPaths.toPointer(path), message);
  }

  /** Records a problem when {@code condition} is false; returns the condition. */
  public boolean check(boolean condition, String path, String message) {
    if (!condition) {
      add(path, message);
    }
    return condition;
  }

  /** Records "missing required field" when {@code value} is null; returns whether it was present. */
  public boolean require(Object value, String path) {
    return check(value != null && !(value instanceof String s && s.isBlank()), path, "missing required field");
  }

  /** Records a problem when {@code port} is not a TCP/UDP port (0 asks the OS for a free one). */
  public void checkPort(int port, String path) {
    check(port >= 0 && port <= 65535, path, "port " + port + " is out of range (1-65535, or 0 for any free port)");
  }

  /**
   * Problems with the value at {@code pointer}, found so far or later, do not count: the command reading the file
   * does not use that value (an unset secret it never needs).
   */
  void waive(JsonPointer pointer) {
    waived.add(pointer);
  }

  public boolean isEmpty() {
    return entries().isEmpty();
  }

  List<Entry> entries() {
    return entries.stream().filter(entry -> !waived.contains(entry.pointer())).toList();
  }
}
