package faultline.frontend;

import org.eclipse.cdt.core.dom.ast.IASTArrayDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTCompositeTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTElaboratedTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTEnumerationSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTNamedTypeSpecifier;

/**
 * Just enough of a C type to find struct tags: the base type's name and kind, how many pointer or array
 * levels sit on top, and whether it is a function (pointer). Built from declarations, never from CDT bindings
 * (fuzzy mode has no headers, so we only know what the file itself declares).
 */
record CType(String base, Kind kind, int pointers, boolean function) {

  enum Kind { STRUCT, TYPEDEF, BUILTIN, ENUM, UNKNOWN }

  static final CType UNKNOWN = new CType("", Kind.UNKNOWN, 0, false);

  /** Anonymous composites get a synthetic key so their fields can still be looked up; never shown as a tag. */
  static final String ANONYMOUS_PREFIX = "<anon@";

  CType withPointers(int p) {
    return new CType(base, kind, Math.max(p, 0), function);
  }

  CType deref() {
    return kind == Kind.UNKNOWN ? this : withPointers(pointers - 1);
  }

  CType addressOf() {
    return kind == Kind.UNKNOWN ? this : withPointers(pointers + 1);
  }

  boolean known() {
    return kind != Kind.UNKNOWN;
  }

  static CType of(IASTDeclSpecifier spec, IASTDeclarator declarator) {
    CType base = ofSpecifier(spec);
    if (declarator == null || !base.known()) return declarator != null && isFunctionPointer(declarator)
        ? new CType("", Kind.UNKNOWN, 1, true) : base;
    int pointers = 0;
    boolean function = false;
    for (IASTDeclarator d = declarator; d != null; d = d.getNestedDeclarator()) {
      pointers += d.getPointerOperators().length;
      if (d instanceof IASTArrayDeclarator a) pointers += a.getArrayModifiers().length;
      if (d instanceof IASTFunctionDeclarator) function = true;
    }
    return new CType(base.base(), base.kind(), pointers, function);
  }

  /** A declarator that declares a pointer to a function: {@code (*fp)(int)}. */
  static boolean isFunctionPointer(IASTDeclarator declarator) {
    return declarator instanceof IASTFunctionDeclarator && declarator.getNestedDeclarator() != null;
  }

  static CType ofSpecifier(IASTDeclSpecifier spec) {
    if (spec instanceof IASTElaboratedTypeSpecifier e) {
      return new CType(e.getName().toString(),
          e.getKind() == IASTElaboratedTypeSpecifier.k_enum ? Kind.ENUM : Kind.STRUCT, 0, false);
    }
    if (spec instanceof IASTCompositeTypeSpecifier c) return new CType(compositeKey(c), Kind.STRUCT, 0, false);
    if (spec instanceof IASTNamedTypeSpecifier n) return new CType(n.getName().toString(), Kind.TYPEDEF, 0, false);
    if (spec instanceof IASTEnumerationSpecifier e) return new CType(e.getName().toString(), Kind.ENUM, 0, false);
    if (spec != null) return new CType("", Kind.BUILTIN, 0, false);
    return UNKNOWN;
  }

  static String compositeKey(IASTCompositeTypeSpecifier c) {
    String name = c.getName().toString();
    if (!name.isEmpty()) return name;
    var loc = c.getFileLocation();
    return ANONYMOUS_PREFIX + (loc == null ? System.identityHashCode(c) : loc.getNodeOffset()) + ">";
  }
}
