package faultline.ir;

/** A function parameter: its name ("" when unnamed) and declared type as written ("struct file *"). */
public record Param(String name, String type) {}
