/* expect-none */
struct tracer {
	struct mutex lock;
	char comm[16];
};

long tracer_peek(struct tracer *t, const void __user *uaddr)
{
	long ret;

	mutex_lock(&t->lock);
	ret = copy_from_user_nofault(t->comm, uaddr, sizeof(t->comm));
	mutex_unlock(&t->lock);
	return ret;
}
