package faultline.frontend;

import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTName;

/** Small helpers on CDT declarators: names, function-ness, declared type texts. */
final class Declarators {

  private Declarators() {}

  static IASTDeclarator innermost(IASTDeclarator d) {
    IASTDeclarator cur = d;
    while (cur.getNestedDeclarator() != null && cur.getName().toString().isEmpty()) cur = cur.getNestedDeclarator();
    return cur;
  }

  static IASTName name(IASTDeclarator d) {
    return innermost(d).getName();
  }

  /** {@code int f(void)}: the declarator itself declares a function (not a pointer to one). */
  static boolean isFunctionDeclarator(IASTDeclarator d) {
    if (!(d instanceof IASTFunctionDeclarator)) return false;
    IASTDeclarator nested = d.getNestedDeclarator();
    // int (f)(void) declares a function; int (*f)(void) a pointer to one
    return nested == null || nested.getPointerOperators().length == 0 && !(nested instanceof IASTFunctionDeclarator);
  }

  /**
   * The declared type with the declared name left out: "struct hmm *", "const struct ops *", "get_block_t",
   * "int (*)(int)", "char [16]". Rendered from the AST (cheaper than re-reading the source, and the same for
   * types written through macros); annotation macros that expand to nothing and storage keywords do not appear.
   */
  static String typeText(IASTDeclSpecifier spec, IASTDeclarator d) {
    String specText = ExpandedText.specifier(spec);
    String declText = d == null ? "" : ExpandedText.declarator(d);
    return declText.isEmpty() ? specText : specText + " " + declText;
  }

  static String specifierText(IASTDeclSpecifier spec) {
    return ExpandedText.specifier(spec);
  }
}
