package faultline.ir;

/**
 * A source range. {@code file} is relative to the scan root (never absolute), lines and columns are 1-based.
 */
public record Span(String file, int line, int column, int endLine, int endColumn) {
  public static Span point(String file, int line, int column) {
    return new Span(file, line, column, line, column);
  }

  @Override public String toString() {
    return file + ":" + line + ":" + column;
  }
}
