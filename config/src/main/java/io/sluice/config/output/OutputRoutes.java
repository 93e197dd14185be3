package io.sluice.config.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which outputs take a record, by its tag: the outputs are tried in config order and the first whose {@code match}
 * matches takes the record, as Fluentd tries its {@code <match>} sections; an output with {@code continue: true}
 * takes it and lets the later outputs try it too, as Fluentd's {@code @type copy} does.
 */
public final class OutputRoutes {

  private final List<Entry> entries;

  /** One output as routing sees it. */
  private record Entry(String name, String match, boolean continues, TagPattern pattern) {}

  private OutputRoutes(List<Entry> entries) {
    this.entries = entries;
  }

  /**
   * The routes of {@code outputs}, in their config order.
   *
   * @throws IllegalArgumentException when a match pattern is malformed (validation reports it first)
   */
  public static OutputRoutes of(List<OutputConfig> outputs) {
    List<Entry> entries = new ArrayList<>(outputs.size());
    for (OutputConfig output : outputs) {
      entries.add(new Entry(output.name(), output.match(), output.continueMatching(),
          TagPattern.compile(output.match())));
    }
    return new OutputRoutes(List.copyOf(entries));
  }

  /** The names of the outputs that take a record tagged {@code tag}, in config order. */
  public List<String> outputsFor(String tag) {
    List<String> taking = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.pattern().matches(tag)) {
        taking.add(entry.name());
        if (!entry.continues()) {
          break;
        }
      }
    }
    return taking;
  }

  /** What the output {@code name} takes; an output these routes do not have takes nothing. */
  public Route routeOf(String name) {
    List<TagPattern> before = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.name().equals(name)) {
        return new Route(entry.pattern(), List.copyOf(before));
      }
      if (!entry.continues()) {
        before.add(entry.pattern());
      }
    }
    return Route.NOTHING;
  }

  /** Equal when the same outputs have the same patterns and {@code continue} in the same order. */
  @Override
  public boolean equals(Object other) {
    return other instanceof OutputRoutes routes && routes.entries.stream().map(OutputRoutes::key).toList()
        .equals(entries.stream().map(OutputRoutes::key).toList());
  }

  @Override
  public int hashCode() {
    return Objects.hash(entries.stream().map(OutputRoutes::key).toList());
  }

  @Override
  public String toString() {
    return entries.stream().map(OutputRoutes::key).toList().toString();
  }

  private static String key(Entry entry) {
    return entry.name() + ":" + entry.match() + (entry.continues() ? ":continue" : "");
  }

  /** The tags one output takes: those its pattern matches that no earlier output without continue matches. */
  public static final class Route {

    static final Route NOTHING = new Route(null, List.of());

    private final TagPattern own;
    private final List<TagPattern> takenBefore;

    private Route(TagPattern own, List<TagPattern> takenBefore) {
      this.own = own;
      this.takenBefore = takenBefore;
    }

    /** Whether the output takes a record tagged {@code tag}. */
    public boolean takes(String tag) {
      if (own == null || !own.matches(tag)) {
        return false;
      }
      for (TagPattern earlier : takenBefore) {
        if (earlier.matches(tag)) {
          return false;
        }
      }
      return true;
    }
  }
}
