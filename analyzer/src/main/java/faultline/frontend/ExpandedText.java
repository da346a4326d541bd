package faultline.frontend;

import java.util.StringJoiner;
import org.eclipse.cdt.core.dom.ast.ASTSignatureUtil;
import org.eclipse.cdt.core.dom.ast.IASTArrayDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTArrayModifier;
import org.eclipse.cdt.core.dom.ast.IASTArraySubscriptExpression;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCastExpression;
import org.eclipse.cdt.core.dom.ast.IASTCompositeTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTConditionalExpression;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTElaboratedTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpressionList;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTLiteralExpression;
import org.eclipse.cdt.core.dom.ast.IASTNamedTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTNodeLocation;
import org.eclipse.cdt.core.dom.ast.IASTParameterDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTPointerOperator;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTStandardFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTTypeId;
import org.eclipse.cdt.core.dom.ast.IASTTypeIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

/**
 * C text of AST nodes that come out of a macro expansion, where the source text is the macro invocation rather
 * than the node: rendered from the AST (expanded), normalised like {@link SourceText#normalise}.
 */
final class ExpandedText {

  private ExpandedText() {}

  /** Whether the node's text is exactly its characters in the file (not produced by a macro). */
  static boolean writtenDirectly(IASTNode node) {
    IASTNodeLocation[] locations = node.getNodeLocations();
    return locations.length == 1 && locations[0] instanceof IASTFileLocation;
  }

  static String expression(IASTExpression e) {
    return SourceText.normalise(render(e));
  }

  private static String render(IASTInitializerClause c) {
    if (c instanceof IASTExpression e) return render(e);
    return ASTSignatureUtil.getNodeSignature(c);
  }

  private static String render(IASTExpression e) {
    if (e == null) return "";
    if (e instanceof IASTIdExpression id) return id.getName().toString();
    if (e instanceof IASTLiteralExpression lit) return String.valueOf(lit.getValue());
    if (e instanceof IASTFieldReference f) {
      return render(f.getFieldOwner()) + (f.isPointerDereference() ? "->" : ".") + f.getFieldName();
    }
    if (e instanceof IASTArraySubscriptExpression a) return render(a.getArrayExpression()) + "[" + render(a.getArgument()) + "]";
    if (e instanceof IASTCastExpression c) return "(" + typeId(c.getTypeId()) + ")" + render(c.getOperand());
    if (e instanceof IASTTypeIdExpression t) {
      String op = switch (t.getOperator()) {
        case IASTTypeIdExpression.op_sizeof -> "sizeof";
        case IASTTypeIdExpression.op_alignof -> "__alignof__";
        case IASTTypeIdExpression.op_typeof -> "typeof";
        default -> "sizeof";
      };
      return op + "(" + typeId(t.getTypeId()) + ")";
    }
    if (e instanceof IASTUnaryExpression u) {
      String operand = render(u.getOperand());
      return switch (u.getOperator()) {
        case IASTUnaryExpression.op_bracketedPrimary -> "(" + operand + ")";
        case IASTUnaryExpression.op_postFixIncr -> operand + "++";
        case IASTUnaryExpression.op_postFixDecr -> operand + "--";
        case IASTUnaryExpression.op_sizeof -> "sizeof " + operand;
        case IASTUnaryExpression.op_typeof -> "typeof(" + operand + ")";
        case IASTUnaryExpression.op_alignOf -> "__alignof__(" + operand + ")";
        default -> ASTSignatureUtil.getUnaryOperatorString(u) + operand;
      };
    }
    if (e instanceof IASTBinaryExpression b) {
      return render(b.getOperand1()) + " " + ASTSignatureUtil.getBinaryOperatorString(b) + " " + render(b.getInitOperand2());
    }
    if (e instanceof IASTFunctionCallExpression call) {
      StringJoiner args = new StringJoiner(", ", "(", ")");
      for (IASTInitializerClause a : call.getArguments()) args.add(render(a));
      return render(call.getFunctionNameExpression()) + args;
    }
    if (e instanceof IASTConditionalExpression c) {
      return render(c.getLogicalConditionExpression()) + " ? " + render(c.getPositiveResultExpression()) + " : "
          + render(c.getNegativeResultExpression());
    }
    if (e instanceof IASTExpressionList list) {
      StringJoiner parts = new StringJoiner(", ");
      for (IASTExpression p : list.getExpressions()) parts.add(render(p));
      return parts.toString();
    }
    return ASTSignatureUtil.getExpressionString(e);
  }

  static String typeId(IASTTypeId t) {
    return Declarators.typeText(t.getDeclSpecifier(), t.getAbstractDeclarator());
  }

  /** A declaration specifier without storage keywords: "const struct foo", "unsigned int", "typeof(*p)". */
  static String specifier(IASTDeclSpecifier spec) {
    // fast paths without normalising: the usual "struct foo", "const struct foo", "u32"
    if (spec instanceof IASTElaboratedTypeSpecifier e && !spec.isVolatile()) {
      String kind = e.getKind() == IASTElaboratedTypeSpecifier.k_struct ? "struct "
          : e.getKind() == IASTElaboratedTypeSpecifier.k_union ? "union " : "enum ";
      return (spec.isConst() ? "const " : "") + kind + e.getName();
    }
    if (spec instanceof IASTNamedTypeSpecifier n && !spec.isVolatile()) {
      return (spec.isConst() ? "const " : "") + n.getName();
    }
    if (spec instanceof IASTSimpleDeclSpecifier s && s.getDeclTypeExpression() == null && s.getType() < 32) {
      return simple(s);
    }
    StringBuilder out = new StringBuilder(24);
    if (spec.isConst()) out.append("const ");
    if (spec.isVolatile()) out.append("volatile ");
    if (spec instanceof IASTElaboratedTypeSpecifier e) {
      out.append(e.getKind() == IASTElaboratedTypeSpecifier.k_struct ? "struct "
          : e.getKind() == IASTElaboratedTypeSpecifier.k_union ? "union " : "enum ").append(e.getName());
    } else if (spec instanceof IASTCompositeTypeSpecifier c) {
      out.append(c.getKey() == IASTCompositeTypeSpecifier.k_union ? "union " : "struct ").append(c.getName());
    } else if (spec instanceof IASTNamedTypeSpecifier n) {
      out.append(n.getName());
    } else if (spec instanceof IASTSimpleDeclSpecifier s
        && s.getType() == IASTSimpleDeclSpecifier.t_typeof && s.getDeclTypeExpression() != null) {
      out.append("typeof(").append(render(s.getDeclTypeExpression())).append(')');
    } else if (spec instanceof IASTSimpleDeclSpecifier s && s.getDeclTypeExpression() == null) {
      out.append(SIMPLE_SPECIFIERS.computeIfAbsent(simpleKey(s), k -> simpleText(s)));
      return out.toString();
    } else {
      String sig = ASTSignatureUtil.getSignature(spec);
      for (String word : sig.split(" ")) {
        if (word.equals("static") || word.equals("extern") || word.equals("inline") || word.equals("const")
            || word.equals("volatile") || word.equals("register") || word.equals("typedef")) continue;
        out.append(word).append(' ');
      }
    }
    return SourceText.normalise(out.toString());
  }

  /** Texts of builtin type specifiers by their flags: there are few, and rendering them is not free. */
  private static final java.util.concurrent.ConcurrentHashMap<Integer, String> SIMPLE_SPECIFIERS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static int simpleKey(IASTSimpleDeclSpecifier s) {
    return s.getType() | (s.isLong() ? 1 << 8 : 0) | (s.isShort() ? 1 << 9 : 0) | (s.isUnsigned() ? 1 << 10 : 0)
        | (s.isSigned() ? 1 << 11 : 0) | (s.isLongLong() ? 1 << 12 : 0) | (s.isComplex() ? 1 << 13 : 0)
        | (s.isImaginary() ? 1 << 14 : 0);
  }

  /**
   * Whole texts of builtin specifiers with their qualifiers ("unsigned int", "const char"), by type (below 32) and
   * flags: a plain array probe, no boxing or building. The text is what the general path of {@link #specifier}
   * gives: qualifiers first, then {@link #simpleText}.
   */
  private static final java.util.concurrent.atomic.AtomicReferenceArray<String> QUALIFIED_SIMPLE =
      new java.util.concurrent.atomic.AtomicReferenceArray<>(1 << 14);

  private static String simple(IASTSimpleDeclSpecifier s) {
    int key = s.getType() | (s.isLong() ? 1 << 5 : 0) | (s.isShort() ? 1 << 6 : 0) | (s.isUnsigned() ? 1 << 7 : 0)
        | (s.isSigned() ? 1 << 8 : 0) | (s.isLongLong() ? 1 << 9 : 0) | (s.isComplex() ? 1 << 10 : 0)
        | (s.isImaginary() ? 1 << 11 : 0) | (s.isConst() ? 1 << 12 : 0) | (s.isVolatile() ? 1 << 13 : 0);
    String text = QUALIFIED_SIMPLE.get(key);
    if (text == null) {
      text = (s.isConst() ? "const " : "") + (s.isVolatile() ? "volatile " : "")
          + SIMPLE_SPECIFIERS.computeIfAbsent(simpleKey(s), k -> simpleText(s));
      QUALIFIED_SIMPLE.set(key, text);
    }
    return text;
  }

  private static String simpleText(IASTSimpleDeclSpecifier s) {
    StringBuilder out = new StringBuilder();
    for (String word : ASTSignatureUtil.getSignature(s).split(" ")) {
      if (word.isEmpty() || word.equals("static") || word.equals("extern") || word.equals("inline") || word.equals("const")
          || word.equals("volatile") || word.equals("register") || word.equals("typedef")) continue;
      if (out.length() > 0) out.append(' ');
      out.append(word);
    }
    return out.toString();
  }

  /** The declarator without its name: "*", "[16]", "(*)(int)". */
  static String declarator(IASTDeclarator d) {
    // Normalised once, not per nesting level: 10,000 nested declarators "((((x))))" took 15 s (quadratic).
    return SourceText.normalise(declaratorText(d));
  }

  private static String declaratorText(IASTDeclarator d) {
    if (d.getNestedDeclarator() == null && !(d instanceof IASTArrayDeclarator) && !(d instanceof IASTStandardFunctionDeclarator)) {
      return "*".repeat(d.getPointerOperators().length);
    }
    StringBuilder out = new StringBuilder();
    for (IASTPointerOperator p : d.getPointerOperators()) out.append('*');
    if (d.getNestedDeclarator() != null) out.append('(').append(declaratorText(d.getNestedDeclarator())).append(')');
    if (d instanceof IASTArrayDeclarator a) {
      for (IASTArrayModifier m : a.getArrayModifiers()) {
        out.append('[').append(m.getConstantExpression() == null ? "" : render(m.getConstantExpression())).append(']');
      }
    }
    if (d instanceof IASTStandardFunctionDeclarator f) {
      StringJoiner params = new StringJoiner(", ", "(", ")");
      for (IASTParameterDeclaration p : f.getParameters()) params.add(Declarators.typeText(p.getDeclSpecifier(), p.getDeclarator()));
      out.append(params);
    }
    return out.toString();
  }
}
