package io.sluice.testkit.redshift;

/**
 * Which text field values load as NULL: {@code NULL AS}, {@code EMPTYASNULL} and {@code BLANKSASNULL}.
 *
 * <p>An empty field that none of these turn into NULL still loads as NULL into a non-character column, as in
 * Redshift; that last rule needs the column's type and is applied in SQL.
 *
 * @param nullString the field text that means NULL; Redshift's default is {@code \N}
 * @param emptyAsNull whether empty fields load as NULL
 * @param blanksAsNull whether fields of only white space load as NULL
 */
record NullRules(String nullString, boolean emptyAsNull, boolean blanksAsNull) {

  static final NullRules DEFAULT = new NullRules("\\N", false, false);

  /** Whether a field's text, as written in the file before any unquoting or unescaping, means NULL. */
  boolean isNullString(String raw) {
    return raw.equals(nullString);
  }

  /** Applies {@code EMPTYASNULL} and {@code BLANKSASNULL} to a field's value; returns null for SQL NULL. */
  String emptyOrBlankAsNull(String value) {
    if (emptyAsNull && value.isEmpty()) {
      return null;
    }
    if (blanksAsNull && value.isBlank()) {
      return null;
    }
    return value;
  }
}
