package faultline.frontend;

import faultline.ir.OpsBinding;
import java.util.List;
import java.util.Optional;
import org.eclipse.cdt.core.dom.ast.IASTCastExpression;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTInitializerList;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;
import org.eclipse.cdt.core.dom.ast.c.ICASTDesignatedInitializer;
import org.eclipse.cdt.core.dom.ast.c.ICASTDesignator;
import org.eclipse.cdt.core.dom.ast.c.ICASTFieldDesignator;

/**
 * Finds functions bound to struct fields by designated initializers: {@code .release = foo_release} in
 * {@code static const struct file_operations foo_fops = {...}}, nested ({@code .ops = { .open = f }},
 * {@code .a.b = f}) and in arrays of structs. Positional initializers are not read (known gap). Assignments
 * ({@code fops->open = f}) are found by {@link ExprLowering}.
 *
 * <p>A value counts as a function when it names a function declared in this file, or when the field is declared
 * as a function pointer, or when it is an identifier that this file does not declare as anything else and that
 * is not written like a macro constant (has a lower-case letter): {@code .read = seq_read} binds,
 * {@code .owner = THIS_MODULE} does not.
 */
final class OpsBindingCollector {

  private final SourceText src;
  private final TypeTable types;
  private final List<OpsBinding> out;

  OpsBindingCollector(SourceText src, TypeTable types, List<OpsBinding> out) {
    this.src = src;
    this.types = types;
    this.out = out;
  }

  void declaration(IASTSimpleDeclaration simple, Scope scope) {
    IASTDeclSpecifier spec = simple.getDeclSpecifier();
    for (IASTDeclarator d : simple.getDeclarators()) {
      if (d.getInitializer() instanceof IASTEqualsInitializer eq
          && eq.getInitializerClause() instanceof IASTInitializerList list) {
        CType t = types.resolve(CType.of(spec, d));
        Optional<String> key = t.kind() == CType.Kind.STRUCT ? Optional.of(t.base()) : Optional.empty();
        list(list, key, scope);
      }
    }
  }

  private void list(IASTInitializerList list, Optional<String> key, Scope scope) {
    for (IASTInitializerClause clause : list.getClauses()) {
      if (clause instanceof ICASTDesignatedInitializer di) {
        designated(di, key, scope);
      } else if (clause instanceof IASTInitializerList nested) {
        // an element of an array of structs, or a positional nested struct (type unknown then)
        list(nested, key, scope);
      }
    }
  }

  private void designated(ICASTDesignatedInitializer di, Optional<String> key, Scope scope) {
    Optional<String> owner = key;
    String field = null;
    for (ICASTDesignator designator : di.getDesignators()) {
      if (!(designator instanceof ICASTFieldDesignator fd)) continue;
      if (field != null) owner = fieldStruct(owner, field);
      field = fd.getName().toString();
    }
    if (field == null) {
      if (di.getOperand() instanceof IASTInitializerList nested) list(nested, key, scope);
      return;
    }
    IASTInitializerClause operand = di.getOperand();
    if (operand instanceof IASTInitializerList nested) {
      list(nested, fieldStruct(owner, field), scope);
      return;
    }
    if (!(operand instanceof IASTExpression value)) return;
    String fieldName = field;
    boolean pointerField = owner.map(k -> types.isFunctionPointerField(k, fieldName)).orElse(false);
    Optional<String> fn = functionNamed(value, types, scope, pointerField);
    Optional<String> tag = TypeTable.visibleTag(owner);
    fn.ifPresent(f -> out.add(new OpsBinding(tag.orElse("?"), fieldName, f, src.span(di))));
  }

  private Optional<String> fieldStruct(Optional<String> owner, String field) {
    if (owner.isEmpty()) return Optional.empty();
    CType t = types.resolve(types.fieldType(owner.get(), field));
    return t.kind() == CType.Kind.STRUCT && t.pointers() == 0 ? Optional.of(t.base()) : Optional.empty();
  }

  /** The function an initializer or assigned value names, per the rule in the class comment. */
  static Optional<String> functionNamed(IASTExpression value, TypeTable types, Scope scope, boolean pointerField) {
    IASTExpression x = value;
    while (true) {
      x = ExprLowering.unwrapParens(x);
      if (x instanceof IASTCastExpression c) {
        x = c.getOperand();
      } else if (x instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_amper) {
        x = u.getOperand();
      } else {
        break;
      }
    }
    if (!(x instanceof IASTIdExpression id)) return Optional.empty();
    String name = id.getName().toString();
    if (name.equals("NULL")) return Optional.empty();
    if (types.isFunction(name)) return Optional.of(name);
    boolean declaredOtherwise = scope != null ? scope.find(name) != null : types.globalVar(name) != null;
    if (declaredOtherwise) return Optional.empty();
    if (pointerField) return Optional.of(name);
    return name.chars().anyMatch(Character::isLowerCase) ? Optional.of(name) : Optional.empty();
  }
}
