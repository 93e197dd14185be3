package io.sluice.testkit.redshift;

import java.util.Locale;
import java.util.Set;

/**
 * Parses the options after {@code FROM 's3://…'} into {@link CopyOptions}.
 *
 * <p>Options that change how data is read are applied. Options about authorisation, region, time and date formats
 * and table statistics are accepted and ignored: the local S3 server is read with the testkit's own credentials,
 * and PostgreSQL parses ISO timestamps by itself. Any other option is refused rather than silently ignored, so a
 * test never passes on an option the emulation does not honour.
 */
final class CopyOptionsParser {

  /** Ignored options that take one string argument, with an optional {@code AS}. */
  private static final Set<String> IGNORED_WITH_STRING = Set.of(
      "CREDENTIALS", "ACCESS_KEY_ID", "SECRET_ACCESS_KEY", "SESSION_TOKEN", "REGION", "TIMEFORMAT", "DATEFORMAT");

  /** Ignored options whose argument is optional. */
  private static final Set<String> IGNORED_WITH_OPTIONAL_ARGUMENT =
      Set.of("COMPUPDATE", "STATUPDATE", "ACCEPTINVCHARS");

  private static final Set<String> OPTIONAL_WORD_ARGUMENTS = Set.of("ON", "OFF", "TRUE", "FALSE", "PRESET");

  private final SqlTokenCursor cursor;
  private boolean manifest;
  private boolean gzip;
  private int ignoreHeader;
  private String nullString = NullRules.DEFAULT.nullString();
  private boolean emptyAsNull;
  private boolean blanksAsNull;
  private boolean fillRecord;
  private String jsonOption;
  private boolean csv;
  private Character delimiter;
  private Character quote;
  private boolean escape;
  private boolean removeQuotes;

  private CopyOptionsParser(SqlTokenCursor cursor) {
    this.cursor = cursor;
  }

  /**
   * Consumes every remaining token of the statement.
   *
   * @throws CopyException for an option that is unknown, malformed, or contradicts another
   */
  static CopyOptions parse(SqlTokenCursor cursor) {
    return new CopyOptionsParser(cursor).parse();
  }

  private CopyOptions parse() {
    while (cursor.hasMore()) {
      option(cursor.next());
    }
    return new CopyOptions(manifest, format(), gzip, ignoreHeader,
        new NullRules(nullString, emptyAsNull, blanksAsNull), fillRecord);
  }

  private void option(SqlToken token) {
    String keyword = token.keyword();
    if (token.isSymbol(',') || keyword.equals("WITH")) {
      return;
    }
    if (IGNORED_WITH_STRING.contains(keyword)) {
      cursor.acceptWord("AS");
      cursor.string(keyword);
      return;
    }
    if (IGNORED_WITH_OPTIONAL_ARGUMENT.contains(keyword)) {
      cursor.acceptWord("AS");
      if (cursor.acceptString() == null && cursor.peek() != null
          && OPTIONAL_WORD_ARGUMENTS.contains(cursor.peek().keyword())) {
        cursor.next();
      }
      return;
    }
    switch (keyword) {
      case "IAM_ROLE" -> {
        if (!cursor.acceptWord("DEFAULT")) {
          cursor.string(keyword);
        }
      }
      case "MANIFEST" -> manifest = true;
      case "GZIP" -> gzip = true;
      case "FORMAT" -> {
        cursor.acceptWord("AS");
        SqlToken name = cursor.next();
        if (name == null) {
          throw new CopyException("FORMAT needs a format name such as JSON or CSV");
        }
        formatName(name);
      }
      case "JSON", "CSV" -> formatName(token);
      case "DELIMITER" -> delimiter = characterArgument(keyword);
      case "QUOTE" -> quote = characterArgument(keyword);
      case "IGNOREHEADER" -> {
        cursor.acceptWord("AS");
        ignoreHeader = cursor.number(keyword);
      }
      case "NULL" -> {
        cursor.acceptWord("AS");
        nullString = cursor.string(keyword);
      }
      case "EMPTYASNULL" -> emptyAsNull = true;
      case "BLANKSASNULL" -> blanksAsNull = true;
      case "FILLRECORD" -> fillRecord = true;
      case "ESCAPE" -> escape = true;
      case "REMOVEQUOTES" -> removeQuotes = true;
      default -> throw new CopyException("COPY option '" + cursor.text(token)
          + "' is not supported by the local Redshift emulation (sluice testkit)");
    }
  }

  private void formatName(SqlToken name) {
    switch (name.keyword()) {
      case "JSON" -> {
        cursor.acceptWord("AS");
        jsonOption = cursor.string("JSON");
      }
      case "CSV" -> {
        csv = true;
        if (cursor.acceptWord("QUOTE")) {
          cursor.acceptWord("AS");
          quote = singleCharacter("QUOTE", cursor.string("QUOTE"));
        }
      }
      default -> throw new CopyException("COPY format '" + cursor.text(name)
          + "' is not supported by the local Redshift emulation (sluice testkit)");
    }
  }

  private DataFormat format() {
    if (jsonOption != null) {
      if (csv || delimiter != null || escape || removeQuotes) {
        throw new CopyException("CSV, DELIMITER, ESCAPE and REMOVEQUOTES cannot be used with FORMAT JSON");
      }
      return jsonFormat(jsonOption);
    }
    if (csv) {
      if (escape || removeQuotes) {
        throw new CopyException("CSV is not compatible with ESCAPE or REMOVEQUOTES");
      }
      return new DataFormat.Csv(delimiter == null ? ',' : delimiter, quote == null ? '"' : quote);
    }
    if (quote != null) {
      throw new CopyException("QUOTE AS is only allowed with CSV");
    }
    return new DataFormat.Text(delimiter == null ? '|' : delimiter, escape, removeQuotes);
  }

  private static DataFormat jsonFormat(String option) {
    String normalised = option.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (normalised.equals("auto")) {
      return new DataFormat.JsonAuto(false);
    }
    if (normalised.equals("auto ignorecase")) {
      return new DataFormat.JsonAuto(true);
    }
    if (S3Location.isS3Url(option)) {
      return new DataFormat.JsonPaths(S3Location.parse(option));
    }
    throw new CopyException("JSON option '" + option + "' is not supported by the local Redshift emulation: use "
        + "'auto', 'auto ignorecase' or an s3:// jsonpaths file");
  }

  private char characterArgument(String option) {
    cursor.acceptWord("AS");
    return singleCharacter(option, cursor.string(option));
  }

  private static char singleCharacter(String option, String value) {
    // Redshift reads a tab delimiter written as the two characters \t.
    if (value.equals("\\t")) {
      return '\t';
    }
    if (value.length() != 1) {
      throw new CopyException(option + " must be a single character, got '" + value + "'");
    }
    return value.charAt(0);
  }
}
