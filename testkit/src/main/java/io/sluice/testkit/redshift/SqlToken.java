package io.sluice.testkit.redshift;

import java.util.Locale;

/**
 * One lexical token of an SQL text, with its position so that a statement can be cut out of, or replaced inside,
 * the original text without touching anything around it.
 *
 * @param type what kind of token
 * @param value a word as written, an identifier or string with its quoting removed, or the punctuation character
 * @param start index of the first character in the SQL text
 * @param end index after the last character in the SQL text
 */
record SqlToken(Type type, String value, int start, int end) {

  /** Token kinds; comments and whitespace produce no token. */
  enum Type {
    /** An unquoted word: keyword or identifier. */
    WORD,
    /** A double-quoted identifier. */
    QUOTED_IDENTIFIER,
    /** A single-quoted, escape or dollar-quoted string. */
    STRING,
    /** An unsigned number. */
    NUMBER,
    /** Any other single character, such as {@code ( ) , . ;}. */
    SYMBOL
  }

  boolean isWord(String keyword) {
    return type == Type.WORD && value.equalsIgnoreCase(keyword);
  }

  boolean isSymbol(char symbol) {
    return type == Type.SYMBOL && value.charAt(0) == symbol;
  }

  /** The upper-case form of a word, for matching keywords. */
  String keyword() {
    return type == Type.WORD ? value.toUpperCase(Locale.ROOT) : "";
  }
}
