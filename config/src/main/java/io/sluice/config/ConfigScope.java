package io.sluice.config;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The part of a configuration file one command reads. An admin command that works on the tracker reads the
 * {@code tracker} and {@code loader} sections only: the other sections are not bound, checked or substituted, so
 * their {@code ${VAR}} secrets need not be exported where the command runs. Below {@link #secretsNotNeeded()}, a
 * secret whose variable is unset is left out instead of being an error, because the command never uses it (the
 * Redshift passwords, for a command that only reads batches).
 *
 * @param sections the top-level sections read; empty for the whole file
 * @param secretsNotNeeded paths such as {@code loader.loads} below which an unset secret is left out
 */
public record ConfigScope(Set<String> sections, List<String> secretsNotNeeded) {

  /** The whole file, every secret required: what {@code run} and {@code config check} read. */
  public static final ConfigScope WHOLE = new ConfigScope(Set.of(), List.of());

  public ConfigScope {
    sections = Set.copyOf(sections);
    secretsNotNeeded = List.copyOf(secretsNotNeeded);
  }

  /** Only {@code sections}, every secret in them required. */
  public static ConfigScope sections(String... sections) {
    return new ConfigScope(Set.of(sections), List.of());
  }

  /** This scope, with unset secrets below {@code paths} left out instead of reported. */
  public ConfigScope withoutSecretsUnder(String... paths) {
    return new ConfigScope(sections, Arrays.asList(paths));
  }

  /** Whether the whole file is read. */
  public boolean whole() {
    return sections.isEmpty();
  }

  /** Whether the top-level section {@code name} is read. */
  public boolean reads(String name) {
    return whole() || sections.contains(name);
  }

  /** Whether the command can do without the secret at {@code pointer}. */
  boolean secretNotNeededAt(JsonPointer pointer) {
    String at = pointer.toString();
    for (String path : secretsNotNeeded) {
      String below = ConfigPaths.toPointer(path).toString();
      if (at.equals(below) || at.startsWith(below + "/")) {
        return true;
      }
    }
    return false;
  }
}
