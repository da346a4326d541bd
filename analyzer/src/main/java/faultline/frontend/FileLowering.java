package faultline.frontend;

import faultline.ir.Function;
import faultline.ir.LockAnnotation;
import faultline.ir.OpsBinding;
import faultline.ir.ParseIssue;
import faultline.ir.TranslationUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTCompositeTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorMacroExpansion;
import org.eclipse.cdt.core.dom.ast.IASTProblem;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

/**
 * A parsed file to a {@link TranslationUnit}: one visitor pass collects problem nodes, struct definitions and
 * initializer ops bindings; file-scope declarations fill the {@link TypeTable}; then each function definition of
 * this file (not of included headers) is lowered. The AST is not referenced from the result.
 */
final class FileLowering {

  private static final Map<String, LockAnnotation.Kind> ANNOTATION_KINDS = Map.of(
      "__acquires", LockAnnotation.Kind.ACQUIRES, "__releases", LockAnnotation.Kind.RELEASES,
      "__must_hold", LockAnnotation.Kind.MUST_HOLD, "__cond_acquires", LockAnnotation.Kind.COND_ACQUIRES);

  private final SourceText src;
  private final long deadlineNanos;

  FileLowering(SourceText src, long deadlineNanos) {
    this.src = src;
    this.deadlineNanos = deadlineNanos;
  }

  /** Problem nodes of the main file, as issues (or only counted when {@code issues} is null). */
  static int problems(IASTTranslationUnit ast, SourceText src, List<ParseIssue> issues) {
    int[] count = {0};
    ast.accept(new ASTVisitor() {
      {
        shouldVisitProblems = true;
      }

      @Override public int visit(IASTProblem problem) {
        if (!problem.isPartOfTranslationUnitFile()) return PROCESS_CONTINUE;
        count[0]++;
        if (issues != null) issues.add(new ParseIssue(ParseIssue.Kind.SYNTAX, problem.getMessage(), src.span(problem)));
        return PROCESS_CONTINUE;
      }
    });
    return count[0];
  }

  TranslationUnit lower(IASTTranslationUnit ast, List<ParseIssue> issues) {
    TypeTable types = new TypeTable();
    List<OpsBinding> bindings = new ArrayList<>();
    OpsBindingCollector ops = new OpsBindingCollector(src, types, bindings);
    int[] problemNodes = {0};

    // one pass: problem nodes, structs anywhere, declarations with initializer lists (bound after the
    // file-scope names are known)
    List<IASTSimpleDeclaration> initialized = new ArrayList<>();
    ast.accept(new ASTVisitor() {
      {
        shouldVisitDeclSpecifiers = true;
        shouldVisitDeclarations = true;
        shouldVisitProblems = true;
      }

      @Override public int visit(IASTProblem problem) {
        if (!problem.isPartOfTranslationUnitFile()) return PROCESS_CONTINUE;
        problemNodes[0]++;
        issues.add(new ParseIssue(ParseIssue.Kind.SYNTAX, problem.getMessage(), src.span(problem)));
        return PROCESS_CONTINUE;
      }

      @Override public int visit(IASTDeclSpecifier spec) {
        if (spec instanceof IASTCompositeTypeSpecifier c) types.addComposite(c);
        return PROCESS_CONTINUE;
      }

      @Override public int visit(IASTDeclaration d) {
        if (d instanceof IASTSimpleDeclaration s && hasInitializerList(s) && d.isPartOfTranslationUnitFile()) {
          initialized.add(s);
        }
        return PROCESS_CONTINUE;
      }
    });
    IASTDeclaration[] top = ast.getDeclarations();
    for (IASTDeclaration d : top) types.addFileScope(d);
    for (IASTSimpleDeclaration s : initialized) ops.declaration(s, null);

    List<IASTPreprocessorMacroExpansion> annotationUses = new ArrayList<>();
    // building the expansion list costs; most files have no sparse annotation at all
    if (mentionsAnnotation(src.chars())) for (IASTPreprocessorMacroExpansion m : ast.getMacroExpansions()) {
      if (KernelPrelude.LOCK_ANNOTATIONS.contains(m.getMacroReference().toString())) annotationUses.add(m);
    }

    IrPool pool = new IrPool();
    MacroOrigins macros = new MacroOrigins(src, pool);
    FunctionLowering lowering = new FunctionLowering(src, types, macros, bindings, deadlineNanos, pool);
    List<Function> functions = new ArrayList<>();
    for (IASTDeclaration d : top) {
      if (!(d instanceof IASTFunctionDefinition def) || !def.isPartOfTranslationUnitFile()) continue;
      functions.add(lowering.lower(def, annotationsOf(def, annotationUses)));
    }
    // source order, whichever pass found them
    bindings.sort(java.util.Comparator.comparingInt((OpsBinding b) -> b.at().line()).thenComparingInt(b -> b.at().column()));
    List<OpsBinding> sharedBindings = new ArrayList<>(bindings.size());
    for (OpsBinding b : bindings) sharedBindings.add(pool.binding(b));
    List<ParseIssue> sharedIssues = new ArrayList<>(issues.size());
    for (ParseIssue i : issues) sharedIssues.add(pool.issue(i));
    return new TranslationUnit(src.file(), src.lineCount(), List.copyOf(functions), List.copyOf(sharedBindings),
        List.copyOf(sharedIssues), problemNodes[0]);
  }

  /** Whether "__acquires", "__releases", "__must_hold" or "__cond_acquires" occurs (one pass, no copy). */
  static boolean mentionsAnnotation(char[] text) {
    // every "__" covers exactly one odd index: look at those only, then at the pair on either side
    for (int odd = 1; odd < text.length; odd += 2) {
      if (text[odd] != '_') continue;
      if (text[odd - 1] == '_' && annotationAfter(text, odd - 1)) return true;
      if (odd + 1 < text.length && text[odd + 1] == '_' && annotationAfter(text, odd)) return true;
    }
    return false;
  }

  /** Whether one of the annotation words follows the "__" at {@code i}. */
  private static boolean annotationAfter(char[] text, int i) {
    if (i + 6 >= text.length) return false;
    char c = text[i + 2];
    return (c == 'a' && matches(text, i + 2, "acquires")) || (c == 'r' && matches(text, i + 2, "releases"))
        || (c == 'm' && matches(text, i + 2, "must_hold")) || (c == 'c' && matches(text, i + 2, "cond_acquires"));
  }

  private static boolean matches(char[] text, int at, String word) {
    if (at + word.length() > text.length) return false;
    for (int k = 0; k < word.length(); k++) if (text[at + k] != word.charAt(k)) return false;
    return true;
  }

  private static boolean hasInitializerList(IASTSimpleDeclaration s) {
    for (var d : s.getDeclarators()) {
      if (d.getInitializer() instanceof org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer eq
          && eq.getInitializerClause() instanceof org.eclipse.cdt.core.dom.ast.IASTInitializerList) {
        return true;
      }
    }
    return false;
  }

  /** Annotation macros written between the start of the definition and its body. */
  private List<FunctionLowering.AnnotationUse> annotationsOf(IASTFunctionDefinition def,
      List<IASTPreprocessorMacroExpansion> uses) {
    if (uses.isEmpty()) return List.of();
    IASTFileLocation defLoc = def.getFileLocation();
    IASTFileLocation bodyLoc = def.getBody() == null ? null : def.getBody().getFileLocation();
    if (defLoc == null) return List.of();
    int start = defLoc.getNodeOffset();
    int end = bodyLoc == null ? start + defLoc.getNodeLength() : bodyLoc.getNodeOffset();
    List<FunctionLowering.AnnotationUse> out = new ArrayList<>();
    for (IASTPreprocessorMacroExpansion m : uses) {
      IASTFileLocation loc = m.getFileLocation();
      if (loc == null || loc.getNodeOffset() < start || loc.getNodeOffset() >= end) continue;
      String written = src.raw(loc.getNodeOffset(), loc.getNodeLength());
      int open = written.indexOf('(');
      int close = written.lastIndexOf(')');
      if (open < 0 || close <= open) continue;
      out.add(new FunctionLowering.AnnotationUse(ANNOTATION_KINDS.get(m.getMacroReference().toString()),
          written.substring(open + 1, close), loc.getNodeOffset()));
    }
    return out;
  }
}
