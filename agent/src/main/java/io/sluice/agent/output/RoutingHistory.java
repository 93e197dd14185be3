package io.sluice.agent.output;

import io.sluice.agent.buffer.BufferReader;
import io.sluice.config.output.OutputRoutes;
import java.util.ArrayList;
import java.util.List;

/**
 * The routes in force now and those a reload replaced, each with the last buffer entry it decides: an entry that
 * some output had already read when the routes changed goes where the routes of that time sent it, for every
 * output, so that outputs reading at different positions never split a record between two routings (sent twice,
 * or taken by none because one output had already passed it and the other now skips it).
 */
public final class RoutingHistory {

  private final List<Era> past;
  private final OutputRoutes current;

  /** Routes that decided every entry up to and including {@code through}. */
  private record Era(long through, OutputRoutes routes) {}

  private RoutingHistory(List<Era> past, OutputRoutes current) {
    this.past = past;
    this.current = current;
  }

  /** Only {@code routes}, for every entry. */
  public static RoutingHistory of(OutputRoutes routes) {
    return new RoutingHistory(List.of(), routes);
  }

  /**
   * {@code next} for the entries after {@code readThrough} (the last entry any output has read), these routes for
   * the others.
   */
  public RoutingHistory then(OutputRoutes next, long readThrough) {
    if (next.equals(current)) {
      return this;
    }
    if (readThrough <= lastThrough()) {
      // Nothing was read under the current routes: they decided no entry, so nothing needs to remember them.
      return new RoutingHistory(past, next);
    }
    List<Era> eras = new ArrayList<>(past);
    eras.add(new Era(readThrough, current));
    return new RoutingHistory(List.copyOf(eras), next);
  }

  /**
   * These routes without the replaced ones that decided only entries at or before {@code committedThrough}: every
   * output has committed past those entries, so none reads them again, and a long-running agent reloaded many times
   * keeps only the routes that still matter.
   */
  public RoutingHistory forgetThrough(long committedThrough) {
    int kept = 0;
    while (kept < past.size() && past.get(kept).through() <= committedThrough) {
      kept++;
    }
    return kept == 0 ? this : new RoutingHistory(List.copyOf(past.subList(kept, past.size())), current);
  }

  /** What the output {@code name} takes, by entry. */
  EntryRoute routeOf(String name) {
    List<Long> throughs = past.stream().map(Era::through).toList();
    List<OutputRoutes.Route> routes = past.stream().map(era -> era.routes().routeOf(name)).toList();
    return new EntryRoute(throughs, routes, current.routeOf(name));
  }

  private long lastThrough() {
    return past.isEmpty() ? BufferReader.NO_INDEX : past.get(past.size() - 1).through();
  }

  /** One output's route through the history: by the entry's index, then its tag. */
  static final class EntryRoute {

    private final long[] throughs;
    private final List<OutputRoutes.Route> routes;
    private final OutputRoutes.Route current;

    private EntryRoute(List<Long> throughs, List<OutputRoutes.Route> routes, OutputRoutes.Route current) {
      this.throughs = throughs.stream().mapToLong(Long::longValue).toArray();
      this.routes = routes;
      this.current = current;
    }

    /** Whether the output takes the entry at {@code index}, tagged {@code tag}. */
    boolean takes(long index, String tag) {
      // Entries are read in order and reloads are rare: nearly every entry is past the last change.
      if (throughs.length == 0 || index > throughs[throughs.length - 1]) {
        return current.takes(tag);
      }
      for (int era = 0; era < throughs.length; era++) {
        if (index <= throughs[era]) {
          return routes.get(era).takes(tag);
        }
      }
      return current.takes(tag);
    }
  }
}
