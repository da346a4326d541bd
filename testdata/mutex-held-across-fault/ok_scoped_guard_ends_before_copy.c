/* expect-none */
struct stats {
	struct mutex lock;
	unsigned long counters[8];
};

long stats_dump(struct stats *s, void __user *out)
{
	unsigned long snap[8];

	scoped_guard(mutex, &s->lock) {
		memcpy(snap, s->counters, sizeof(snap));
	}
	if (copy_to_user(out, snap, sizeof(snap)))
		return -EFAULT;
	return 0;
}
