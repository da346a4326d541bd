package faultline.frontend;

import faultline.ir.Span;
import java.util.Arrays;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTNode;

/**
 * The characters of one file and its line table: turns CDT offsets into {@link Span}s and source text into
 * normalised C text. Columns are 1-based character columns (a tab counts as one).
 */
final class SourceText {

  private final String file;
  private final char[] chars;
  private final int[] lineStarts;
  /** Line index of the last lookup: a hint, spans are mostly asked for in source order (one thread per file). */
  private int lastLine;

  SourceText(String relativeFile, char[] chars) {
    this.file = relativeFile;
    this.chars = chars;
    int[] starts = new int[64];
    int count = 0;
    starts[count++] = 0;
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      boolean newline = c == '\n' || (c == '\r' && (i + 1 >= chars.length || chars[i + 1] != '\n'));
      if (newline) {
        if (count == starts.length) starts = Arrays.copyOf(starts, count * 2);
        starts[count++] = i + 1;
      }
    }
    this.lineStarts = Arrays.copyOf(starts, count);
  }

  String file() {
    return file;
  }

  char[] chars() {
    return chars;
  }

  /** Physical lines: a final line without a newline counts, an empty tail after the last newline does not. */
  int lineCount() {
    if (chars.length == 0) return 0;
    int n = lineStarts.length;
    return lineStarts[n - 1] == chars.length ? n - 1 : n;
  }

  /** 0-based line index of an offset. */
  private int lineIndex(int offset) {
    // Lowering asks for positions mostly in source order: try the line of the previous answer and the next one.
    int h = lastLine;
    if (offset >= lineStarts[h]) {
      if (onLine(h, offset)) return h;
      if (h + 1 < lineStarts.length && onLine(h + 1, offset)) return lastLine = h + 1;
    }
    int i = Arrays.binarySearch(lineStarts, offset);
    return lastLine = i >= 0 ? i : -i - 2;
  }

  /** Whether {@code offset} (not before the start of line {@code line}) is on that line. */
  private boolean onLine(int line, int offset) {
    return line + 1 >= lineStarts.length || offset < lineStarts[line + 1];
  }

  Span span(int offset, int length) {
    int start = Math.max(0, Math.min(offset, chars.length));
    int end = Math.max(start, Math.min(offset + Math.max(length, 0), chars.length));
    int l1 = lineIndex(start);
    int endOffset = end > start ? end - 1 : start;
    int l2 = onLine(l1, endOffset) ? l1 : lineIndex(endOffset);
    return new Span(file, l1 + 1, start - lineStarts[l1] + 1, l2 + 1, endOffset - lineStarts[l2] + 1);
  }

  /** The node's position in this file; a node from a macro expansion gets the expansion's position. */
  Span span(IASTNode node) {
    IASTFileLocation loc = node.getFileLocation();
    if (loc == null) return Span.point(file, 1, 1);
    return span(loc.getNodeOffset(), loc.getNodeLength());
  }

  int offset(IASTNode node) {
    IASTFileLocation loc = node.getFileLocation();
    return loc == null ? -1 : loc.getNodeOffset();
  }

  int endOffset(IASTNode node) {
    IASTFileLocation loc = node.getFileLocation();
    return loc == null ? -1 : loc.getNodeOffset() + loc.getNodeLength();
  }

  String raw(int offset, int length) {
    int start = Math.max(0, Math.min(offset, chars.length));
    int end = Math.max(start, Math.min(offset + length, chars.length));
    return new String(chars, start, end - start);
  }

  /**
   * Normalised C text of a node: as written in the file (macros unexpanded) when the node is spelled there,
   * rendered from the AST when it comes out of a macro expansion.
   */
  String text(IASTNode node) {
    if (!ExpandedText.writtenDirectly(node) && node instanceof org.eclipse.cdt.core.dom.ast.IASTExpression e) {
      return ExpandedText.expression(e);
    }
    IASTFileLocation loc = node.getFileLocation();
    if (loc == null) return normalise(node.getRawSignature());
    return normalise(raw(loc.getNodeOffset(), loc.getNodeLength()));
  }

  /**
   * Canonical spelling of C text: comments and line continuations dropped, tokens separated by one space
   * where a space is needed to read them, none around ( ) [ ] . -> , and after unary-looking operators.
   * Two spellings that differ only in whitespace or comments give the same string.
   */
  static String normalise(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int n = text.length();
    int i = 0;
    String prev = "";
    boolean prevUnary = false;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < n && (text.charAt(i + 1) == '\n' || text.charAt(i + 1) == '\r')) {
        i += 2;
        continue;
      }
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int close = text.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
        continue;
      }
      if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
        while (i < n && text.charAt(i) != '\n') i++;
        continue;
      }
      int start = i;
      if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '$'
            || (text.charAt(i) == '.' && Character.isDigit(c)))) i++;
      } else if (c == '"' || c == '\'') {
        i++;
        while (i < n && text.charAt(i) != c) {
          if (text.charAt(i) == '\\') i++;
          i++;
        }
        i = Math.min(n, i + 1);
      } else {
        i += punctuatorLength(text, i);
      }
      String token = text.substring(start, i);
      if (!prev.isEmpty() && needsSpace(prev, prevUnary, token)) out.append(' ');
      out.append(token);
      // '*', '&', '-', '+' are prefix operators unless they follow an operand: "&d->lock", "a - b".
      prevUnary = (token.equals("*") || token.equals("&") || token.equals("-") || token.equals("+"))
          && (prev.isEmpty() || !(isWord(prev) || prev.equals(")") || prev.equals("]")));
      prev = token;
    }
    return out.toString();
  }

  private static final String[] PUNCTUATORS = {"...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==",
      "!=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "##"};

  private static int punctuatorLength(String text, int i) {
    for (String p : PUNCTUATORS) if (text.startsWith(p, i)) return p.length();
    return 1;
  }

  private static boolean isWord(String token) {
    char c = token.charAt(0);
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '"' || c == '\'';
  }

  private static boolean needsSpace(String prev, boolean prevUnary, String token) {
    if (isWord(prev) && isWord(token)) return true;
    if (token.equals(")") || token.equals("]") || token.equals(",") || token.equals(";") || token.equals(".")
        || token.equals("->") || token.equals("[") || token.equals("++") || token.equals("--")) return false;
    if (prev.equals("(") || prev.equals("[") || prev.equals(".") || prev.equals("->") || prev.equals("!")
        || prev.equals("~")) return false;
    if (token.equals("(")) return !isWord(prev) && !prev.equals(")") && !prev.equals("]");
    if (prev.equals(",")) return true;
    if (prevUnary) return false;
    if (prev.equals("*") && (token.equals("*") || token.equals(")"))) return false;
    return true;
  }
}
