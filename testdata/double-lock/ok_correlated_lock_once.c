/* expect-none */
struct acct {
	struct mutex lock;
	long balance;
};

void acct_add(struct acct *a, long v, int locked)
{
	if (!locked)
		mutex_lock(&a->lock);
	a->balance += v;
	if (!locked)
		mutex_unlock(&a->lock);
}

void acct_transfer(struct acct *a, long v)
{
	mutex_lock(&a->lock);
	acct_add(a, v, 1);	/* known-noise: double-lock: callee summaries are not specialised on constant arguments; acct_add() takes the lock only when 'locked' is 0 */
	mutex_unlock(&a->lock);
}
