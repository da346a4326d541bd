package faultline.frontend;

import faultline.ir.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the argument of a sparse annotation ({@code __acquires(&dev->lock)}) into an {@link Expr}: names,
 * {@code & * !} prefixes, {@code -> . []} suffixes and parentheses; names resolved against the function's
 * parameters and the file's globals so that member bases get their struct tag like in code. Anything else
 * becomes {@link Expr.Other} with the normalised text.
 */
final class AnnotationParser {

  private final Scope scope;
  private final TypeTable types;
  private List<String> tokens;
  private int pos;

  AnnotationParser(Scope scope, TypeTable types) {
    this.scope = scope;
    this.types = types;
  }

  Expr parse(String text) {
    String normal = SourceText.normalise(text);
    tokens = tokenize(normal);
    pos = 0;
    try {
      Typed result = unary();
      if (pos == tokens.size()) return result.expr;
    } catch (IllegalArgumentException malformed) {
      // fall through to Other
    }
    return new Expr.Other(normal);
  }

  private record Typed(Expr expr, CType type) {}

  private Typed unary() {
    String t = peek();
    if (t.equals("&") || t.equals("*") || t.equals("!") || t.equals("-")) {
      pos++;
      Typed operand = unary();
      CType type = t.equals("&") ? operand.type.addressOf()
          : t.equals("*") ? types.resolve(operand.type).deref() : CType.UNKNOWN;
      return new Typed(new Expr.Unary(t, operand.expr), type);
    }
    return postfix(primary());
  }

  private Typed primary() {
    String t = next();
    if (t.equals("(")) {
      Typed inner = unary();
      expect(")");
      return inner;
    }
    if (Character.isDigit(t.charAt(0))) return new Typed(new Expr.Literal(t), CType.UNKNOWN);
    if (!isIdentifier(t)) throw new IllegalArgumentException(t);
    Optional<Scope.Var> var = scope.lookup(t);
    if (var.isPresent()) {
      Scope.Var v = var.get();
      return new Typed(new Expr.Name(t, v.storage(), v.typeText().isEmpty() ? Optional.empty() : Optional.of(v.typeText())), v.type());
    }
    return new Typed(new Expr.Name(t, Expr.Storage.UNKNOWN, Optional.empty()), CType.UNKNOWN);
  }

  private Typed postfix(Typed base) {
    Typed cur = base;
    while (pos < tokens.size()) {
      String t = peek();
      if (t.equals("->") || t.equals(".")) {
        pos++;
        String field = next();
        if (!isIdentifier(field)) throw new IllegalArgumentException(field);
        Optional<String> key = types.structKey(cur.type, t.equals("->"));
        CType fieldType = key.map(k -> types.fieldType(k, field)).orElse(CType.UNKNOWN);
        cur = new Typed(new Expr.Member(cur.expr, field, t.equals("->"), TypeTable.visibleTag(key)), fieldType);
      } else if (t.equals("[")) {
        pos++;
        Typed index = unary();
        expect("]");
        cur = new Typed(new Expr.Binary("[]", cur.expr, index.expr), types.resolve(cur.type).deref());
      } else {
        break;
      }
    }
    return cur;
  }

  private String peek() {
    if (pos >= tokens.size()) throw new IllegalArgumentException("end");
    return tokens.get(pos);
  }

  private String next() {
    String t = peek();
    pos++;
    return t;
  }

  private void expect(String t) {
    if (!next().equals(t)) throw new IllegalArgumentException(t);
  }

  private static boolean isIdentifier(String t) {
    return !t.isEmpty() && (Character.isLetter(t.charAt(0)) || t.charAt(0) == '_');
  }

  private static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ') {
        i++;
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
        out.add(s.substring(start, i));
      } else if (s.startsWith("->", i)) {
        out.add("->");
        i += 2;
      } else {
        out.add(String.valueOf(c));
        i++;
      }
    }
    return out;
  }
}
