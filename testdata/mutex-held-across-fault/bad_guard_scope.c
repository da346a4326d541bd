struct stats {
	struct mutex lock;
	unsigned long counters[8];
};

long stats_dump(struct stats *s, void __user *out)
{
	guard(mutex)(&s->lock);
	if (copy_to_user(out, s->counters, sizeof(s->counters)))	/* expect: mutex-held-across-fault */
		return -EFAULT;
	return 0;
}
