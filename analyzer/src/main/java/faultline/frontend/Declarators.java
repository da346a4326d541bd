package faultline.frontend;

import java.util.Set;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTName;
import org.eclipse.cdt.core.dom.ast.IASTNode;

/** Small helpers on CDT declarators: names, function-ness, declared type texts. */
final class Declarators {

  private Declarators() {}

  /** Storage and inline keywords, not part of a type as users read it. */
  private static final Set<String> NOT_TYPE = Set.of("static", "extern", "inline", "__inline", "__inline__",
      "register", "auto", "typedef", "__extension__");

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
   * The declared type as written, with the declared name left out: "struct hmm *", "const struct ops *",
   * "get_block_t", "int (*)(int)", "char [16]". Annotation macros that expand to nothing and storage
   * keywords are dropped.
   */
  static String typeText(IASTDeclSpecifier spec, IASTDeclarator d) {
    String specText = specifierText(spec);
    if (d == null) return specText;
    String declText = rawWithoutName(d);
    String joined = declText.isEmpty() ? specText : specText + " " + declText;
    return SourceText.normalise(joined);
  }

  static String specifierText(IASTDeclSpecifier spec) {
    if (!ExpandedText.writtenDirectly(spec)) return ExpandedText.specifier(spec);
    String normal = SourceText.normalise(spec.getRawSignature());
    StringBuilder out = new StringBuilder();
    Set<String> empty = KernelPrelude.get().emptyNames();
    int depth = 0;
    for (String token : normal.split(" ")) {
      if (token.isEmpty()) continue;
      if (depth == 0 && (NOT_TYPE.contains(token) || empty.contains(token))) continue;
      if (out.length() > 0) out.append(' ');
      out.append(token);
    }
    return SourceText.normalise(out.toString());
  }

  private static String rawWithoutName(IASTDeclarator d) {
    if (!ExpandedText.writtenDirectly(d)) return ExpandedText.declarator(d);
    String raw = d.getRawSignature();
    IASTName name = innermost(d).getName();
    String nameText = name.toString();
    var dl = d.getFileLocation();
    var nl = name.getFileLocation();
    String without;
    if (!nameText.isEmpty() && dl != null && nl != null && nl.getNodeOffset() >= dl.getNodeOffset()
        && nl.getNodeOffset() + nl.getNodeLength() <= dl.getNodeOffset() + raw.length()) {
      int start = nl.getNodeOffset() - dl.getNodeOffset();
      without = raw.substring(0, start) + raw.substring(start + nl.getNodeLength());
    } else {
      without = raw;
    }
    // drop an initializer: "x = 3" -> ""
    IASTNode init = d.getInitializer();
    if (init != null) {
      int eq = without.indexOf('=');
      if (eq >= 0) without = without.substring(0, eq);
    }
    StringBuilder out = new StringBuilder();
    Set<String> empty = KernelPrelude.get().emptyNames();
    for (String token : SourceText.normalise(without).split(" ")) {
      if (token.isEmpty() || empty.contains(token)) continue;
      if (out.length() > 0) out.append(' ');
      out.append(token);
    }
    return out.toString();
  }
}
