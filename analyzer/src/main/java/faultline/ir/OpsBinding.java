package faultline.ir;

/**
 * A function bound to a function-pointer field: {@code .release = foo_release} in an initializer of
 * {@code struct file_operations}, or {@code dev->ops.fault = foo_fault}. {@code structTag} is the struct's
 * tag ("file_operations"), "?" when unknown; {@code function} is the bound function's name.
 */
public record OpsBinding(String structTag, String field, String function, Span at) {
  public String target() {
    return structTag + "." + field;
  }
}
