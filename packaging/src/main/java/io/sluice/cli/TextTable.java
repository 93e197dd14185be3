package io.sluice.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rows printed as aligned columns under a header, two spaces apart; numeric columns are right-aligned. */
final class TextTable {

  private static final String GAP = "  ";

  private final List<String> header;
  private final boolean[] rightAligned;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table with these column headers; a header ending in {@code '>'} marks a right-aligned column. */
  TextTable(String... headers) {
    this.rightAligned = new boolean[headers.length];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < headers.length; i++) {
      rightAligned[i] = headers[i].endsWith(">");
      names.add(rightAligned[i] ? headers[i].substring(0, headers[i].length() - 1) : headers[i]);
    }
    this.header = List.copyOf(names);
  }

  /** Adds a row; null cells print empty. */
  TextTable row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("expected " + header.size() + " cells, got " + Arrays.toString(cells));
    }
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(cell == null ? "" : cell.toString());
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Prints the header and the rows, each line indented by {@code indent}, without trailing spaces. */
  void print(PrintWriter out, String indent) {
    print(out, indent, allRows());
  }

  void print(PrintWriter out) {
    print(out, "");
  }

  /** Prints the rows only: for a list of names and values, where a header would say nothing. */
  void printRows(PrintWriter out, String indent) {
    print(out, indent, rows);
  }

  void printRows(PrintWriter out) {
    printRows(out, "");
  }

  private void print(PrintWriter out, String indent, List<List<String>> lines) {
    int[] widths = new int[header.size()];
    for (List<String> row : lines) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : lines) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        String padding = " ".repeat(widths[i] - cell.length());
        line.append(rightAligned[i] ? padding + cell : cell + padding);
        if (i < row.size() - 1) {
          line.append(GAP);
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private List<List<String>> allRows() {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    return all;
  }
}
