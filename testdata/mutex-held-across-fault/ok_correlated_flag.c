/* expect-none */
struct acct {
	struct mutex lock;
	long balance;
};

long acct_report(struct acct *a, long __user *out, int need_lock)
{
	long v;

	if (need_lock)
		mutex_lock(&a->lock);
	v = a->balance;
	if (need_lock)
		mutex_unlock(&a->lock);
	return put_user(v, out);
}
