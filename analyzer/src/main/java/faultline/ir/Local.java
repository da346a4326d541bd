package faultline.ir;

/** A local variable declaration: name, declared type as written, where it is declared. */
public record Local(String name, String type, Span at) {}
