package io.sluice.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A file that is not YAML, as one problem: placed where the YAML parser found the problem (its problem mark, not
 * Jackson's token position, which can be lines before it), with the parser's message on one line.
 */
final class YamlSyntaxError {

  private YamlSyntaxError() {}

  static ConfigProblem problem(String source, JsonProcessingException e) {
    MarkedYAMLException marked = markedCause(e);
    if (marked == null || marked.getProblemMark() == null) {
      JsonLocation at = e.getLocation();
      return new ConfigProblem(source, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), "",
          e.getOriginalMessage());
    }
    Mark problemAt = marked.getProblemMark();
    StringBuilder message = new StringBuilder(oneLine(marked.getProblem()));
    Mark contextAt = marked.getContextMark();
    if (marked.getContext() != null) {
      message.append(" (").append(oneLine(marked.getContext()));
      if (contextAt != null && !sameLocation(contextAt, problemAt)) {
        message.append(" at ").append(contextAt.getLine() + 1).append(':').append(contextAt.getColumn() + 1);
      }
      message.append(')');
    }
    return new ConfigProblem(source, problemAt.getLine() + 1, problemAt.getColumn() + 1, "", message.toString());
  }

  private static MarkedYAMLException markedCause(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException marked) {
        return marked;
      }
    }
    return null;
  }

  private static boolean sameLocation(Mark a, Mark b) {
    return a.getLine() == b.getLine() && a.getColumn() == b.getColumn();
  }

  private static String oneLine(String text) {
    return text.replace("\n", " ").strip();
  }
}
