package faultline.frontend;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.cdt.core.dom.ast.IASTCompositeTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;

/**
 * What one translation unit declares about types and file-scope names: struct and union fields, typedefs,
 * global variables, functions and their return types. Filled from the file-scope declarations (and typedefs met
 * while lowering); a global's type text is rendered once, when lowering first reads the name.
 */
final class TypeTable {

  /** A file-scope variable's declaration; its type text is rendered when lowering first reads the name. */
  private record GlobalDeclaration(IASTDeclSpecifier spec, IASTDeclarator declarator) {}

  private final Map<String, Map<String, CType>> fields = new HashMap<>();
  private final Map<String, CType> typedefs = new HashMap<>();
  private final Map<String, GlobalDeclaration> globals = new HashMap<>();
  private final Map<String, Scope.Var> globalVars = new HashMap<>();
  private final Map<String, CType> functionReturns = new HashMap<>();
  private final Set<String> functions = new HashSet<>();

  /** Records a struct or union definition (anonymous members' fields are merged into the owner). */
  void addComposite(IASTCompositeTypeSpecifier composite) {
    String key = CType.compositeKey(composite);
    Map<String, CType> own = fields.computeIfAbsent(key, k -> new HashMap<>());
    addMembers(composite, own);
  }

  private void addMembers(IASTCompositeTypeSpecifier composite, Map<String, CType> into) {
    for (IASTDeclaration member : composite.getMembers()) {
      if (!(member instanceof IASTSimpleDeclaration field)) continue;
      IASTDeclSpecifier spec = field.getDeclSpecifier();
      IASTDeclarator[] declarators = field.getDeclarators();
      if (declarators.length == 0 && spec instanceof IASTCompositeTypeSpecifier anonymous) {
        addMembers(anonymous, into);
        continue;
      }
      for (IASTDeclarator d : declarators) {
        String name = Declarators.innermost(d).getName().toString();
        if (!name.isEmpty()) into.put(name, CType.of(spec, d));
      }
    }
  }

  void addTypedef(String name, CType type) {
    typedefs.putIfAbsent(name, type);
  }

  void addGlobal(String name, IASTDeclSpecifier spec, IASTDeclarator declarator) {
    globals.put(name, new GlobalDeclaration(spec, declarator));
    globalVars.remove(name);
  }

  void addFunction(String name, CType returnType) {
    functions.add(name);
    functionReturns.putIfAbsent(name, returnType);
  }

  boolean isFunction(String name) {
    return functions.contains(name);
  }

  /** The file-scope variable {@code name} (the last declaration of it wins), or null. */
  Scope.Var globalVar(String name) {
    Scope.Var known = globalVars.get(name);
    if (known != null) return known;
    GlobalDeclaration g = globals.get(name);
    if (g == null) return null;
    Scope.Var v = new Scope.Var(faultline.ir.Expr.Storage.GLOBAL, Declarators.typeText(g.spec(), g.declarator()),
        CType.of(g.spec(), g.declarator()));
    globalVars.put(name, v);
    return v;
  }

  CType returnType(String function) {
    return functionReturns.getOrDefault(function, CType.UNKNOWN);
  }

  /** Follows typedefs (bounded, cycles give up) adding their pointer levels. */
  CType resolve(CType type) {
    CType t = type;
    for (int i = 0; i < 16 && t.kind() == CType.Kind.TYPEDEF; i++) {
      CType target = typedefs.get(t.base());
      if (target == null) return t;
      t = new CType(target.base(), target.kind(), target.pointers() + t.pointers(), target.function() || t.function());
    }
    return t;
  }

  /**
   * The key of the struct reached from an expression of {@code type} by {@code .} ({@code arrow == false})
   * or {@code ->}: the struct itself, or what a pointer to it points at.
   */
  Optional<String> structKey(CType type, boolean arrow) {
    CType t = resolve(type);
    if (t.kind() != CType.Kind.STRUCT || t.function()) return Optional.empty();
    return t.pointers() == (arrow ? 1 : 0) ? Optional.of(t.base()) : Optional.empty();
  }

  /** The tag as the IR shows it; anonymous composites have none. */
  static Optional<String> visibleTag(Optional<String> key) {
    return key.filter(k -> !k.startsWith(CType.ANONYMOUS_PREFIX));
  }

  CType fieldType(String structKey, String field) {
    Map<String, CType> f = fields.get(structKey);
    if (f == null) return CType.UNKNOWN;
    return f.getOrDefault(field, CType.UNKNOWN);
  }

  /** Whether {@code field} of {@code structKey} is declared as a function pointer (directly or by typedef). */
  boolean isFunctionPointerField(String structKey, String field) {
    CType t = resolve(fieldType(structKey, field));
    return t.function() && t.pointers() >= 1 || t.function() && t.kind() == CType.Kind.TYPEDEF;
  }

  /** Collects a file-scope declaration: typedefs, globals and function prototypes. */
  void addFileScope(IASTDeclaration declaration) {
    if (declaration instanceof IASTFunctionDefinition def) {
      IASTDeclarator d = def.getDeclarator();
      addFunction(Declarators.innermost(d).getName().toString(), returnTypeOf(def.getDeclSpecifier(), d));
      return;
    }
    if (!(declaration instanceof IASTSimpleDeclaration simple)) return;
    IASTDeclSpecifier spec = simple.getDeclSpecifier();
    for (IASTDeclarator d : simple.getDeclarators()) {
      String name = Declarators.innermost(d).getName().toString();
      if (name.isEmpty()) continue;
      if (spec.getStorageClass() == IASTDeclSpecifier.sc_typedef) {
        addTypedef(name, CType.of(spec, d));
      } else if (Declarators.isFunctionDeclarator(d)) {
        addFunction(name, returnTypeOf(spec, d));
      } else {
        addGlobal(name, spec, d);
      }
    }
  }

  /** The return type of a function declarator: the specifier plus the pointer operators around the name. */
  static CType returnTypeOf(IASTDeclSpecifier spec, IASTDeclarator d) {
    CType base = CType.ofSpecifier(spec);
    return base.known() ? base.withPointers(d.getPointerOperators().length) : base;
  }
}
