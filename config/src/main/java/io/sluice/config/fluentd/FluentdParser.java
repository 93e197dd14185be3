package io.sluice.config.fluentd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a Fluentd configuration in the v1 syntax into {@link FluentdElement}s, as Fluentd's
 * {@code lib/fluent/config/v1_parser.rb} and {@code literal_parser.rb} do: directives {@code <name arg>} ...
 * {@code </name>}, {@code key value} lines, quoted strings with escapes, {@code [...]} and {@code {...}} JSON values
 * over several lines, {@code #} comments, and {@code @include} of files and globs relative to the including file.
 *
 * <p>An {@code @include} that names no existing file is kept as an {@code @include} parameter (Fluentd skips it
 * silently, since {@code Dir.glob} finds nothing), so the importer can say so.
 */
public final class FluentdParser {

  /** Deeper than any real layout of includes: an include cycle ends here instead of overflowing the stack. */
  private static final int MAX_INCLUDE_DEPTH = 16;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String fileName;
  private final Path directory;
  private final String text;
  private final int[] lineStarts;
  private final int depth;
  private int pos;

  private FluentdParser(String fileName, Path directory, String text, int depth) {
    this.fileName = fileName;
    this.directory = directory;
    this.text = text;
    this.depth = depth;
    this.lineStarts = lineStarts(text);
  }

  /**
   * Parses {@code file} and every file it includes.
   *
   * @return the {@code ROOT} element holding the top-level directives and parameters
   * @throws FluentdSyntaxException when a file cannot be read or is not valid Fluentd syntax
   */
  public static FluentdElement parse(Path file) throws FluentdSyntaxException {
    List<FluentdParameter> parameters = new ArrayList<>();
    List<FluentdElement> children = new ArrayList<>();
    read(file, file.toString(), 0).parseBody(null, 1, parameters, children);
    return new FluentdElement("ROOT", "", parameters, children, file.toString(), 1);
  }

  /** Parses {@code text} as if it were the file {@code fileName} in {@code directory} (for includes). */
  public static FluentdElement parse(String fileName, Path directory, String text) throws FluentdSyntaxException {
    List<FluentdParameter> parameters = new ArrayList<>();
    List<FluentdElement> children = new ArrayList<>();
    new FluentdParser(fileName, directory, text, 0).parseBody(null, 1, parameters, children);
    return new FluentdElement("ROOT", "", parameters, children, fileName, 1);
  }

  private static FluentdParser read(Path file, String name, int depth) throws FluentdSyntaxException {
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      Path parent = file.toAbsolutePath().getParent();
      return new FluentdParser(name, parent, content, depth);
    } catch (IOException | SecurityException e) {
      throw new FluentdSyntaxException(name, 0, "cannot read: " + e.getMessage());
    }
  }

  private void parseBody(String elementName, int elementLine, List<FluentdParameter> parameters,
      List<FluentdElement> children) throws FluentdSyntaxException {
    while (true) {
      skipSpacing();
      if (eof()) {
        if (elementName == null) {
          return;
        }
        throw error("expected end tag '</" + elementName + ">' (opened on line " + elementLine
            + ") but got end of file");
      }
      if (text.startsWith("</", pos)) {
        pos += 2;
        String name = scanName();
        skipInlineSpaces();
        expect('>', "expected '>' to close the end tag");
        expectLineEnd("expected end of line after end tag");
        if (elementName == null) {
          throw error("end tag '</" + name + ">' without its start tag", lineOf(pos - 1));
        }
        if (!name.equals(elementName)) {
          throw error("unmatched end tag '</" + name + ">', expected '</" + elementName + ">'", lineOf(pos - 1));
        }
        return;
      }
      if (text.charAt(pos) == '<') {
        int line = lineOf(pos);
        pos++;
        String name = scanName();
        if (name.isEmpty()) {
          throw error("expected a directive name after '<'");
        }
        String argument = scanArgument();
        expect('>', "expected '>'");
        expectLineEnd("expected end of line after tag");
        List<FluentdParameter> childParameters = new ArrayList<>();
        List<FluentdElement> grandChildren = new ArrayList<>();
        parseBody(name, line, childParameters, grandChildren);
        children.add(new FluentdElement(name, argument, childParameters, grandChildren, fileName, line));
        continue;
      }
      int line = lineOf(pos);
      String key = scanKey();
      if (key.equals("@include") || key.equals("include")) {
        skipInlineSpaces();
        String target = parseLiteral();
        expectLineEnd("expected end of line after the included path");
        include(target, line, parameters, children);
        continue;
      }
      skipInlineSpaces();
      String value;
      if (atLineEnd()) {
        // A key alone on its line has an empty value (tag_mapped-style flags), as in v1_parser.rb's parse_element.
        value = "";
      } else {
        value = parseLiteral();
      }
      expectLineEnd("expected end of line after the value of " + key);
      parameters.add(new FluentdParameter(key, value, fileName, line));
    }
  }

  private void include(String target, int line, List<FluentdParameter> parameters, List<FluentdElement> children)
      throws FluentdSyntaxException {
    if (target.matches("[A-Za-z][A-Za-z0-9+.-]*://.*") && !target.startsWith("file://")) {
      parameters.add(new FluentdParameter("@include", target, fileName, line));
      return;
    }
    if (depth >= MAX_INCLUDE_DEPTH) {
      throw error("@include nested more than " + MAX_INCLUDE_DEPTH + " deep (an include cycle?)", line);
    }
    String pattern = target.startsWith("file://") ? target.substring("file://".length()) : target;
    List<Path> files = IncludeGlob.expand(directory, pattern);
    if (files.isEmpty()) {
      parameters.add(new FluentdParameter("@include", target, fileName, line));
      return;
    }
    for (Path file : files) {
      read(file, displayName(file), depth + 1).parseBody(null, 1, parameters, children);
    }
  }

  /** An included file as the operator would name it: relative to the working directory when it is below it. */
  private String displayName(Path file) {
    Path workingDirectory = Path.of("").toAbsolutePath();
    return Path.of(fileName).isAbsolute() || !file.startsWith(workingDirectory) ? file.toString()
        : workingDirectory.relativize(file).toString();
  }

  /** Expands an include pattern the way Ruby's {@code Dir.glob(...).sort} does for the usual patterns. */
  static final class IncludeGlob {

    private IncludeGlob() {}

    static List<Path> expand(Path directory, String pattern) throws FluentdSyntaxException {
      Path absolute = directory.resolve(pattern).normalize();
      if (!hasGlob(pattern)) {
        return Files.isRegularFile(absolute) ? List.of(absolute) : List.of();
      }
      Path root = absolute.getRoot();
      Path base = root;
      int globAt = 0;
      for (Path part : absolute) {
        if (hasGlob(part.toString())) {
          break;
        }
        base = base.resolve(part);
        globAt++;
      }
      int levels = absolute.getNameCount() - globAt;
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolute);
      if (!Files.isDirectory(base)) {
        return List.of();
      }
      try (Stream<Path> found = Files.walk(base, levels)) {
        return found.filter(Files::isRegularFile).filter(matcher::matches)
            .filter(path -> !path.getFileName().toString().startsWith("."))
            .sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
      } catch (IOException e) {
        throw new FluentdSyntaxException(pattern, 0, "cannot list the files of @include " + pattern + ": "
            + e.getMessage());
      }
    }

    private static boolean hasGlob(String text) {
      return text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }
  }

  private String parseLiteral() throws FluentdSyntaxException {
    char c = text.charAt(pos);
    if (c == '[' || c == '{') {
      return scanJson();
    }
    if (c == '"') {
      pos++;
      return scanDoubleQuoted();
    }
    if (c == '\'') {
      pos++;
      return scanSingleQuoted();
    }
    return scanUnquoted();
  }

  /** Up to the end of the line or a comment; a '#' right after other characters is part of the value. */
  private String scanUnquoted() {
    int start = pos;
    while (!eof()) {
      char c = text.charAt(pos);
      if (c != '#' && restOfLineIsEnd(pos)) {
        break;
      }
      pos++;
    }
    return text.substring(start, pos);
  }

  private String scanDoubleQuoted() throws FluentdSyntaxException {
    int startLine = lineOf(pos);
    StringBuilder value = new StringBuilder();
    while (true) {
      if (eof()) {
        throw error("unexpected end of file in a double quoted string (opened on line " + startLine + ")");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return value.toString();
      }
      if (c == '\\' && pos + 1 < text.length()) {
        value.append(escape(text.charAt(pos + 1)));
        pos += 2;
      } else if (c == '#' && text.startsWith("#{", pos)) {
        pos += 2;
        value.append(EmbeddedRuby.marker(scanEmbeddedCode()));
      } else {
        value.append(c);
        pos++;
      }
    }
  }

  /** The escapes of literal_parser.rb's eval_escape_char: a letter or digit other than these is an error. */
  private String escape(char c) throws FluentdSyntaxException {
    return switch (c) {
      case 'r' -> "\r";
      case 'n' -> "\n";
      case 't' -> "\t";
      case 'f' -> "\f";
      case 'b' -> "\b";
      default -> {
        if (Character.isLetterOrDigit(c)) {
          throw error("unexpected back-slash escape character '" + c + "'");
        }
        yield String.valueOf(c);
      }
    };
  }

  /** Ruby code up to its closing '}', skipping braces inside nested blocks and Ruby strings. */
  private String scanEmbeddedCode() throws FluentdSyntaxException {
    int start = pos;
    int startLine = lineOf(pos);
    int braces = 0;
    char quote = 0;
    while (!eof()) {
      char c = text.charAt(pos);
      if (quote != 0) {
        if (c == '\\') {
          pos++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '{') {
        braces++;
      } else if (c == '}') {
        if (braces == 0) {
          String code = text.substring(start, pos);
          pos++;
          return code;
        }
        braces--;
      }
      pos++;
    }
    throw error("expected end of embedded code '#{...}' (opened on line " + startLine + ") but got end of file");
  }

  private String scanSingleQuoted() throws FluentdSyntaxException {
    int startLine = lineOf(pos);
    StringBuilder value = new StringBuilder();
    while (true) {
      if (eof()) {
        throw error("unexpected end of file in a single quoted string (opened on line " + startLine + ")");
      }
      char c = text.charAt(pos);
      if (c == '\'') {
        pos++;
        return value.toString();
      }
      if (text.startsWith("\\'", pos) || text.startsWith("\\\\", pos)) {
        value.append(text.charAt(pos + 1));
        pos += 2;
      } else {
        value.append(c);
        pos++;
      }
    }
  }

  /**
   * A JSON array or object over as many lines as it takes; a '#' outside a JSON string starts a comment, as in
   * literal_parser.rb's scan_json.
   */
  private String scanJson() throws FluentdSyntaxException {
    int startLine = lineOf(pos);
    StringBuilder json = new StringBuilder();
    int depth = 0;
    boolean inString = false;
    while (!eof()) {
      char c = text.charAt(pos);
      pos++;
      if (inString) {
        json.append(c);
        if (c == '\\' && !eof()) {
          json.append(text.charAt(pos));
          pos++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (c == '#') {
        while (!eof() && text.charAt(pos) != '\n') {
          pos++;
        }
        continue;
      }
      json.append(c);
      if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        depth--;
        if (depth == 0) {
          try {
            return JSON.writeValueAsString(JSON.readTree(json.toString()));
          } catch (JsonProcessingException e) {
            throw error("invalid JSON value (from line " + startLine + "): " + e.getOriginalMessage());
          }
        }
      }
    }
    throw error("got incomplete JSON " + (json.charAt(0) == '[' ? "array" : "hash")
        + " configuration (opened on line " + startLine + ")");
  }

  private String scanKey() throws FluentdSyntaxException {
    char c = text.charAt(pos);
    if (c == '"') {
      pos++;
      return scanDoubleQuoted();
    }
    if (c == '\'') {
      pos++;
      return scanSingleQuoted();
    }
    int start = pos;
    while (!eof() && !Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private String scanName() {
    int start = pos;
    while (!eof() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private String scanArgument() throws FluentdSyntaxException {
    int start = pos;
    while (!eof() && text.charAt(pos) != '>' && text.charAt(pos) != '\n') {
      pos++;
    }
    if (eof() || text.charAt(pos) != '>') {
      throw error("expected '>'");
    }
    return text.substring(start, pos).strip();
  }

  /** Whitespace, newlines and comments. */
  private void skipSpacing() {
    while (!eof()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF') {
        pos++;
      } else if (c == '#') {
        skipToLineEnd();
      } else {
        return;
      }
    }
  }

  private void skipInlineSpaces() {
    while (!eof() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private void skipToLineEnd() {
    while (!eof() && text.charAt(pos) != '\n') {
      pos++;
    }
  }

  private boolean atLineEnd() {
    return restOfLineIsEnd(pos);
  }

  /** Whether only spaces and an optional comment are left on the line at {@code from}. */
  private boolean restOfLineIsEnd(int from) {
    int at = from;
    while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
      at++;
    }
    return at >= text.length() || text.charAt(at) == '#' || text.charAt(at) == '\n' || text.charAt(at) == '\r';
  }

  private void expectLineEnd(String message) throws FluentdSyntaxException {
    if (!restOfLineIsEnd(pos)) {
      throw error(message);
    }
    skipToLineEnd();
    if (!eof()) {
      pos++;
    }
  }

  private void expect(char c, String message) throws FluentdSyntaxException {
    if (eof() || text.charAt(pos) != c) {
      throw error(message);
    }
    pos++;
  }

  private boolean eof() {
    return pos >= text.length();
  }

  private FluentdSyntaxException error(String message) {
    return error(message, lineOf(Math.min(pos, Math.max(0, text.length() - 1))));
  }

  private FluentdSyntaxException error(String message, int line) {
    return new FluentdSyntaxException(fileName, line, message);
  }

  private int lineOf(int offset) {
    int found = Arrays.binarySearch(lineStarts, offset);
    return (found >= 0 ? found : -found - 2) + 1;
  }

  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }
}
