package faultline.frontend;

import faultline.cfg.CfgBuilder;
import faultline.ir.Cfg;
import faultline.ir.Expr;
import faultline.ir.Function;
import faultline.ir.LockAnnotation;
import faultline.ir.OpsBinding;
import faultline.ir.Param;
import faultline.ir.Span;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTName;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTParameterDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStandardFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.gnu.c.ICASTKnRFunctionDeclarator;

/**
 * One function definition to a {@link Function}: name and positions, static-ness, return and parameter types
 * as written, locals, sparse lock annotations, and the CFG (via {@link StmtLowering} / {@link ExprLowering}).
 * {@code SYSCALL_DEFINEn(name, ...)} definitions are named {@code sys_<name>} by the prelude.
 */
final class FunctionLowering {

  /** A sparse annotation found among the file's macro expansions: its kind, argument text and offset. */
  record AnnotationUse(LockAnnotation.Kind kind, String argument, int offset) {}

  private final SourceText src;
  private final TypeTable types;
  private final MacroOrigins macros;
  private final List<OpsBinding> bindings;
  private final long deadlineNanos;
  private final IrPool pool;

  FunctionLowering(SourceText src, TypeTable types, MacroOrigins macros, List<OpsBinding> bindings, long deadlineNanos,
      IrPool pool) {
    this.src = src;
    this.pool = pool;
    this.types = types;
    this.macros = macros;
    this.bindings = bindings;
    this.deadlineNanos = deadlineNanos;
  }

  Function lower(IASTFunctionDefinition def, List<AnnotationUse> annotations) {
    IASTDeclSpecifier spec = def.getDeclSpecifier();
    IASTDeclarator declarator = def.getDeclarator();
    IASTName name = Declarators.name(declarator);
    IASTFunctionDeclarator fnDecl = parameterDeclarator(declarator);
    Span at = src.span(def);
    Span nameAt = src.span(name);
    boolean isStatic = spec.getStorageClass() == IASTDeclSpecifier.sc_static;
    String returnType = returnTypeText(spec, fnDecl);

    Scope scope = new Scope(types);
    List<Param> params = params(fnDecl, scope);

    List<LockAnnotation> lockAnnotations = new ArrayList<>();
    AnnotationParser parser = new AnnotationParser(scope, types);
    for (AnnotationUse use : annotations) lockAnnotations.add(new LockAnnotation(use.kind(), parser.parse(use.argument())));

    Span exitAt = Span.point(at.file(), at.endLine(), at.endColumn());
    CfgBuilder cfg = new CfgBuilder(nameAt, exitAt);
    FunctionState st = new FunctionState(src, types, cfg, macros, scope, bindings, deadlineNanos, pool);
    ExprLowering ex = new ExprLowering(st);
    StmtLowering stmts = new StmtLowering(st, ex, def.getBody());
    ex.setStatements(stmts);
    stmts.lowerBody();
    Cfg graph = cfg.build();
    return new Function(pool.identifier(name), isStatic, at, nameAt,
        pool.str(returnType), pool.params(params), pool.locals(st.locals),
        List.copyOf(lockAnnotations), graph);
  }

  /** The function declarator that holds the parameters: the one closest around the name. */
  static IASTFunctionDeclarator parameterDeclarator(IASTDeclarator declarator) {
    IASTNode n = Declarators.innermost(declarator);
    while (n instanceof IASTDeclarator d) {
      if (d instanceof IASTFunctionDeclarator f) return f;
      n = d.getParent();
    }
    return declarator instanceof IASTFunctionDeclarator f ? f : null;
  }

  private static String returnTypeText(IASTDeclSpecifier spec, IASTFunctionDeclarator fnDecl) {
    String base = Declarators.specifierText(spec);
    int pointers = fnDecl == null ? 0 : fnDecl.getPointerOperators().length;
    return pointers == 0 ? base : base + " " + "*".repeat(pointers);
  }

  private List<Param> params(IASTFunctionDeclarator fnDecl, Scope scope) {
    List<Param> params = new ArrayList<>();
    if (fnDecl instanceof IASTStandardFunctionDeclarator std) {
      IASTParameterDeclaration[] decls = std.getParameters();
      for (IASTParameterDeclaration p : decls) {
        IASTDeclarator d = p.getDeclarator();
        String type = Declarators.typeText(p.getDeclSpecifier(), d);
        String pname = d == null ? "" : pool.identifier(Declarators.name(d));
        if (decls.length == 1 && pname.isEmpty() && type.equals("void")) break;
        params.add(new Param(pname, type));
        scope.declare(pname, Expr.Storage.PARAM, type, CType.of(p.getDeclSpecifier(), d));
      }
    } else if (fnDecl instanceof ICASTKnRFunctionDeclarator knr) {
      for (IASTName pn : knr.getParameterNames()) {
        String pname = pn.toString();
        String type = "int";
        CType ctype = new CType("", CType.Kind.BUILTIN, 0, false);
        for (var decl : knr.getParameterDeclarations()) {
          if (!(decl instanceof IASTSimpleDeclaration sd)) continue;
          for (IASTDeclarator d : sd.getDeclarators()) {
            if (Declarators.name(d).toString().equals(pname)) {
              type = Declarators.typeText(sd.getDeclSpecifier(), d);
              ctype = CType.of(sd.getDeclSpecifier(), d);
            }
          }
        }
        params.add(new Param(pname, type));
        scope.declare(pname, Expr.Storage.PARAM, type, ctype);
      }
    }
    return params;
  }
}
