package io.sluice.config.output;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds outputs that no record can reach under {@link OutputRoutes}: every tag their {@code match} matches is taken
 * first by earlier outputs without {@code continue}. Only what can be proven is reported, so a warning is never
 * false; an output that a cover this class cannot prove shadows (overlapping wildcards) is left alone.
 */
public final class UnreachableOutputs {

  /** A tag or tag prefix without wildcards, braces or escapes: it matches exactly itself. */
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*");

  private UnreachableOutputs() {}

  /**
   * An output no record reaches.
   *
   * @param index its position in the outputs
   * @param takenBy the positions of the earlier outputs that take every tag it matches
   */
  public record Unreachable(int index, List<Integer> takenBy) {

    public Unreachable {
      takenBy = List.copyOf(takenBy);
    }
  }

  /** The outputs of {@code outputs} that no record can reach, in config order. */
  public static List<Unreachable> in(List<OutputConfig> outputs) {
    List<Unreachable> unreachable = new ArrayList<>();
    List<TagPattern> patterns = new ArrayList<>();
    for (OutputConfig output : outputs) {
      try {
        patterns.add(TagPattern.compile(output.match()));
      } catch (IllegalArgumentException e) {
        return List.of(); // validation reports the pattern; nothing can be said about routes through it
      }
    }
    for (int later = 0; later < outputs.size(); later++) {
      Set<Integer> takenBy = new LinkedHashSet<>();
      if (takenBefore(outputs, patterns, later, takenBy)) {
        unreachable.add(new Unreachable(later, List.copyOf(takenBy)));
      }
    }
    return unreachable;
  }

  /** Whether each part of output {@code later}'s pattern is covered by an earlier output that stops the record. */
  private static boolean takenBefore(List<OutputConfig> outputs, List<TagPattern> patterns, int later,
      Set<Integer> takenBy) {
    for (String part : patterns.get(later).parts()) {
      boolean covered = false;
      for (int earlier = 0; earlier < later && !covered; earlier++) {
        if (!outputs.get(earlier).continueMatching() && covers(patterns.get(earlier), part)) {
          takenBy.add(earlier);
          covered = true;
        }
      }
      if (!covered) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code earlier} matches every tag that {@code part} (one space-separated pattern) matches, by rules that
   * hold for any tag: a literal part matches one tag, tried as such; {@code **} matches every tag; an identical
   * pattern matches the same tags; {@code p.**} with a literal {@code p} matches {@code p} and every tag starting
   * with {@code p.}, and a part that starts with the literal {@code p.} matches only such tags (its dot is optional
   * only before {@code **}, which leaves {@code p} itself).
   */
  static boolean covers(TagPattern earlier, String part) {
    if (LITERAL.matcher(part).matches()) {
      return earlier.matches(part);
    }
    for (String candidate : earlier.parts()) {
      if (candidate.equals("**") || candidate.equals(part)) {
        return true;
      }
      if (candidate.endsWith(".**")) {
        String prefix = candidate.substring(0, candidate.length() - ".**".length());
        if (LITERAL.matcher(prefix).matches() && part.startsWith(prefix + ".")) {
          return true;
        }
      }
    }
    return false;
  }
}
