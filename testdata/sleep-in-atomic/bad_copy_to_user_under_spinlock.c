struct counter {
	spinlock_t lock;
	long value;
};

long counter_read(struct counter *c, long __user *out)
{
	long ret;

	spin_lock(&c->lock);
	ret = put_user(c->value, out);				/* expect: sleep-in-atomic */
	spin_unlock(&c->lock);
	return ret;
}
