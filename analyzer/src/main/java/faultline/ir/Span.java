package faultline.ir;

/**
 * A source range. {@code file} is relative to the scan root (never absolute), lines and columns are 1-based, and
 * the end is inclusive: {@code endColumn} is the column of the range's last character (outputs that want an
 * exclusive end, SARIF and LSP, add one).
 */
public record Span(String file, int line, int column, int endLine, int endColumn) {
  public static Span point(String file, int line, int column) {
    return new Span(file, line, column, line, column);
  }

  /** Written out as {@code Step}'s are (see there), with the record's own hash. */
  @Override public boolean equals(Object o) {
    return o == this || o instanceof Span s && line == s.line && column == s.column && endLine == s.endLine
        && endColumn == s.endColumn && java.util.Objects.equals(file, s.file);
  }

  @Override public int hashCode() {
    return (((java.util.Objects.hashCode(file) * 31 + line) * 31 + column) * 31 + endLine) * 31 + endColumn;
  }

  @Override public String toString() {
    return file + ":" + line + ":" + column;
  }
}
