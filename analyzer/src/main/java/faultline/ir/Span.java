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

  @Override public String toString() {
    return file + ":" + line + ":" + column;
  }
}
