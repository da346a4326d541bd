package faultline.ir;

import java.util.List;

/**
 * One function definition. {@code at} spans the whole definition; {@code nameAt} is the name in its
 * declarator (the line ctags reports). {@code isStatic} decides call resolution (static functions resolve
 * within their file only).
 */
public record Function(String name, boolean isStatic, Span at, Span nameAt, String returnType,
    List<Param> params, List<Local> locals, List<LockAnnotation> annotations, Cfg cfg) {

  /** "file:name" for static functions, the name otherwise: unique across a scan (modulo duplicate definitions). */
  public String qualifiedName() {
    return isStatic ? at.file() + ":" + name : name;
  }
}
