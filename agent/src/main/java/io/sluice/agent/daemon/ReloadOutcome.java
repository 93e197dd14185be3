package io.sluice.agent.daemon;

import java.util.List;

/**
 * What {@link Agent#reload} did with a configuration.
 *
 * @param applied whether it now runs (its reloadable part); false when it was rejected and the old one kept
 * @param changed the config keys that differ from the configuration applied before
 * @param needRestart the changed keys that keep their running value until the next start
 */
public record ReloadOutcome(boolean applied, List<String> changed, List<String> needRestart) {

  public ReloadOutcome {
    changed = List.copyOf(changed);
    needRestart = List.copyOf(needRestart);
  }
}
